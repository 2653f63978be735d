using Recurrent.Aot.IO;
using Recurrent.Aot.Loading;

namespace Recurrent.Aot;

/// <summary>Loading from safetensors files with PyTorch names (docs/file-format.md).</summary>
public sealed partial class RecurrentModel
{
    /// <summary>Reads a safetensors file, infers the architecture and packs the weights.</summary>
    /// <exception cref="WeightsFormatException">The file is malformed, or its tensors are missing or inconsistent (the message names them).</exception>
    public static RecurrentModel Load(string path, ModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeTensorsFile file = SafeTensorsFile.Load(path);
        try
        {
            return FromSafeTensors(file, options);
        }
        catch (WeightsFormatException e)
        {
            throw new WeightsFormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Infers the architecture of a parsed file (names, shapes, metadata, then <paramref name="options"/>) and packs the weights.</summary>
    /// <exception cref="WeightsFormatException">Tensors are missing or inconsistent (the message names them).</exception>
    public static RecurrentModel FromSafeTensors(SafeTensorsFile file, ModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        (ModelSpec spec, CellWeights[] weights, HeadWeights? head) = new ModelReader(file, options).Read();
        try
        {
            return Create(spec, weights, head, options?.WeightPrecision ?? WeightPrecision.Float32);
        }
        catch (ArgumentException e)
        {
            throw new WeightsFormatException(e.Message, e);
        }
    }
}
