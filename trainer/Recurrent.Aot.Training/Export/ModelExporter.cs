using System.Numerics;
using Recurrent.Aot.IO;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Export;

/// <summary>
/// Writes a trained network as safetensors in the runtime's format (docs/file-format.md): PyTorch
/// tensor names under the module prefix, float32 data, and the <c>recurrent.*</c> metadata that names
/// cannot carry. Learned initial states are written too, as <c>initial_h_l{k}</c>/<c>initial_c_l{k}</c> (not PyTorch
/// names): the runtime, <c>recurrent run</c> and generated models start new streams from them.
/// </summary>
public static class ModelExporter
{
    public static void Save<T>(RecurrentNetwork<T> network, string path, IReadOnlyDictionary<string, string>? extraMetadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensorsWriter writer = new();
        Add(network, writer);
        if (extraMetadata is not null)
        {
            foreach ((string key, string value) in extraMetadata)
            {
                writer.Metadata[key] = value;
            }
        }

        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        writer.Save(path);
    }

    /// <summary>Adds the network's tensors and metadata to a writer (several networks may share one file).</summary>
    public static void Add<T>(RecurrentNetwork<T> network, SafeTensorsWriter writer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(writer);
        AddTensors(network.Parameters, writer);
        foreach ((string key, string value) in Metadata(network.Spec))
        {
            writer.Metadata[key] = value;
        }
    }

    public static void AddTensors<T>(IEnumerable<Parameter<T>> parameters, SafeTensorsWriter writer, string prefix = "")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (Parameter<T> p in parameters)
        {
            writer.Add(prefix + p.Name, ToFloat(p.Value), p.Shape);
        }
    }

    /// <summary>The <c>recurrent.*</c> metadata for a network (cell, options, module and head names).</summary>
    public static Dictionary<string, string> Metadata(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RecurrentMetadataKeys.Cell] = spec.Cell.ToString().ToLowerInvariant(),
            [RecurrentMetadataKeys.Module] = spec.ModuleName,
            [RecurrentMetadataKeys.BatchFirst] = "false",
        };
        if (spec.Cell == CellKind.Rnn)
        {
            metadata[RecurrentMetadataKeys.Nonlinearity] = spec.Nonlinearity == Activation.Relu ? "relu" : "tanh";
        }

        if (spec.Cell == CellKind.Gru)
        {
            metadata[RecurrentMetadataKeys.GruReset] = spec.GruReset == GruResetMode.AfterMatmul ? "after" : "before";
        }

        // The activations are written even at their defaults, so the file says what it was trained with.
        if (spec.Cell is CellKind.Lstm or CellKind.Gru)
        {
            metadata[RecurrentMetadataKeys.GateActivation] = CellActivations.Name(spec.GateActivation);
            metadata[RecurrentMetadataKeys.CandidateActivation] = CellActivations.Name(spec.CandidateActivation);
        }

        if (spec.Cell == CellKind.Lstm)
        {
            metadata[RecurrentMetadataKeys.CellActivation] = CellActivations.Name(spec.CellActivation);
        }

        if (spec.HeadSize > 0)
        {
            metadata[RecurrentMetadataKeys.Head] = spec.HeadName;
            metadata[RecurrentMetadataKeys.HeadActivation] = spec.HeadActivation.ToString().ToLowerInvariant();
        }

        return metadata;
    }

    internal static float[] ToFloat<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new float[values.Length];
        System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<T, float>(values, result);

        return result;
    }
}
