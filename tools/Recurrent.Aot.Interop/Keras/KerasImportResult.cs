using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>One tensor of the converted model, in PyTorch's layout and name.</summary>
public sealed record KerasImportedTensor(string Name, float[] Data, int[] Shape);

/// <summary>
/// A Keras model converted to this project's safetensors form (docs/file-format.md): PyTorch state_dict names under
/// the prefix <see cref="KerasImporter.ModulePrefix"/> (head <see cref="KerasImporter.HeadPrefix"/>), and the
/// <c>recurrent.*</c> metadata the runtime, generator and CLI read. <see cref="Save"/> writes it.
/// </summary>
public sealed class KerasImportResult
{
    internal KerasImportResult(IReadOnlyList<KerasImportedTensor> tensors, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<string> notes, KerasOutput output, string? kerasVersion)
    {
        Tensors = tensors;
        Metadata = metadata;
        Notes = notes;
        Output = output;
        KerasVersion = kerasVersion;
    }

    /// <summary>The converted tensors, PyTorch names and layouts.</summary>
    public IReadOnlyList<KerasImportedTensor> Tensors { get; }

    /// <summary>The safetensors <c>__metadata__</c>: <c>recurrent.*</c> keys and informational <c>keras.*</c> keys.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Settings of the Keras model the import ignored on purpose (stateful, dropout), one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>What the Keras model returns; says which runtime call reproduces it.</summary>
    public KerasOutput Output { get; }

    /// <summary>The Keras version that wrote the file, when the file says so.</summary>
    public string? KerasVersion { get; }

    /// <summary>The tensors and metadata in a writer (deterministic output).</summary>
    public SafeTensorsWriter ToWriter()
    {
        var writer = new SafeTensorsWriter();
        foreach (KerasImportedTensor tensor in Tensors)
        {
            writer.Add(tensor.Name, tensor.Data, tensor.Shape);
        }
        foreach ((string key, string value) in Metadata)
        {
            writer.Metadata[key] = value;
        }
        return writer;
    }

    /// <summary>Writes the safetensors file.</summary>
    public void Save(string path) => ToWriter().Save(path);

    /// <summary>
    /// The model as the shared <see cref="ImportedModel"/> that <see cref="ModelImport"/> and <c>recurrent import</c>
    /// write: the spec exactly as the runtime reads this result's metadata, the cells in PyTorch layout, the head,
    /// and the informational <c>keras.*</c> entries as notes.
    /// </summary>
    public ImportedModel ToImportedModel()
    {
        ModelSpec spec;
        try
        {
            spec = RecurrentModel.FromSafeTensors(SafeTensorsFile.Parse(ToBytes())).Spec;
        }
        catch (WeightsFormatException e)
        {
            throw new ModelImportException("The converted Keras model does not load: " + e.Message, e);
        }
        var byName = Tensors.ToDictionary(t => t.Name, t => t.Data, StringComparer.Ordinal);
        var cells = new List<CellWeights>();
        for (int layer = 0; layer < spec.Layers; layer++)
        {
            for (int direction = 0; direction < spec.Directions; direction++)
            {
                string suffix = $"_l{layer.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(direction == 1 ? "_reverse" : "")}";
                string prefix = KerasImporter.ModulePrefix + ".";
                cells.Add(new CellWeights
                {
                    WeightIh = byName[$"{prefix}weight_ih{suffix}"],
                    WeightHh = byName[$"{prefix}weight_hh{suffix}"],
                    BiasIh = byName.GetValueOrDefault($"{prefix}bias_ih{suffix}"),
                    BiasHh = byName.GetValueOrDefault($"{prefix}bias_hh{suffix}"),
                });
            }
        }
        HeadWeights? head = spec.Head is null ? null : new HeadWeights
        {
            Weight = byName[$"{KerasImporter.HeadPrefix}.weight"],
            Bias = byName.GetValueOrDefault($"{KerasImporter.HeadPrefix}.bias"),
        };
        var model = new ImportedModel
        {
            Spec = spec,
            Cells = cells,
            Head = head,
            Module = KerasImporter.ModulePrefix,
            HeadName = KerasImporter.HeadPrefix,
            BatchFirst = true, // Keras models take (batch, time, features)
        };
        foreach ((string key, string value) in Metadata)
        {
            if (!key.StartsWith("recurrent.", StringComparison.Ordinal))
            {
                model.Notes[key] = value;
            }
        }
        return model;
    }

    /// <summary>The safetensors file's bytes.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        ToWriter().WriteTo(stream);
        return stream.ToArray();
    }
}
