using System.Globalization;
using System.Numerics;
using Recurrent.Aot.IO;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Export;

/// <summary>
/// Saves and restores everything needed to resume training: parameters, optimizer state
/// (<c>optimizer.{slot}.{parameter}</c>), the optimizer's step count and the epoch, in one safetensors file.
/// The parameters use the export names, so a checkpoint also loads in the runtime as a model.
/// </summary>
/// <remarks>Values are stored as float32; a double-precision run resumes with its values rounded to float32.</remarks>
public static class Checkpoint
{
    private const string EpochKey = "checkpoint.epoch";
    private const string StepKey = "checkpoint.optimizer_steps";
    private const string OptimizerKey = "checkpoint.optimizer";

    public static void Save<T>(string path, IReadOnlyList<Parameter<T>> parameters, Optimizer<T> optimizer, int epoch, IReadOnlyDictionary<string, string>? modelMetadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        SafeTensorsWriter writer = new();
        ModelExporter.AddTensors(parameters, writer);
        foreach ((string slot, T[][] buffers) in optimizer.State)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                writer.Add($"optimizer.{slot}.{parameters[i].Name}", ModelExporter.ToFloat<T>(buffers[i]), parameters[i].Shape);
            }
        }

        if (modelMetadata is not null)
        {
            foreach ((string key, string value) in modelMetadata)
            {
                writer.Metadata[key] = value;
            }
        }

        writer.Metadata[EpochKey] = epoch.ToString(CultureInfo.InvariantCulture);
        writer.Metadata[StepKey] = optimizer.StepCount.ToString(CultureInfo.InvariantCulture);
        writer.Metadata[OptimizerKey] = optimizer.Name;
        string temporary = path + ".tmp";
        writer.Save(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Restores parameters and optimizer state in place; returns the epoch the checkpoint was saved after.</summary>
    public static int Load<T>(string path, IReadOnlyList<Parameter<T>> parameters, Optimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        SafeTensorsFile file = SafeTensorsFile.Load(path);
        if (!file.Metadata.TryGetValue(OptimizerKey, out string? name) || name != optimizer.Name)
        {
            throw new WeightsFormatException($"{path}: checkpoint optimizer is '{name ?? "missing"}', the trainer uses '{optimizer.Name}'.");
        }

        foreach (Parameter<T> p in parameters)
        {
            Read(file, p.Name, p.Value);
        }

        foreach ((string slot, T[][] buffers) in optimizer.State)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                Read(file, $"optimizer.{slot}.{parameters[i].Name}", buffers[i]);
            }
        }

        optimizer.RestoreStepCount(long.Parse(file.Metadata[StepKey], CultureInfo.InvariantCulture));
        return int.Parse(file.Metadata[EpochKey], CultureInfo.InvariantCulture);
    }

    private static void Read<T>(SafeTensorsFile file, string name, T[] destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        float[] values = file.ReadFloat32(name);
        if (values.Length != destination.Length)
        {
            throw new WeightsFormatException($"Checkpoint tensor '{name}' has {values.Length} values, expected {destination.Length}.");
        }

        System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<float, T>(values, destination);
    }
}
