using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Loading;
using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot.IO;

/// <summary>
/// Converts a float32 weights file to a reduced <see cref="WeightPrecision"/> (docs/file-format.md): the recurrent
/// module's weight matrices (<c>weight_ih*</c>, <c>weight_hh*</c>, <c>weight_hr*</c>) and the head's <c>weight</c>
/// become BF16, or I8 with an F32 <c>&lt;name&gt;_scale</c> tensor each; every other tensor is copied unchanged and
/// every metadata entry kept, with <c>recurrent.weight_precision</c> set. Conversions use <see cref="WeightQuantization"/>.
/// </summary>
public static class WeightPrecisionConverter
{
    /// <summary>
    /// The converted file, ready to save. <paramref name="options"/> chooses the module and head as loading does
    /// (<see cref="ModelLoadOptions.Module"/>, <see cref="ModelLoadOptions.Head"/>); its other properties are ignored.
    /// </summary>
    /// <exception cref="WeightsFormatException">The file is not a model, is already in a reduced precision, or holds a weight that is not finite (int8); the message names the tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is not BFloat16 or Int8.</exception>
    public static SafeTensorsWriter Convert(SafeTensorsFile file, WeightPrecision precision, ModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (precision is not (WeightPrecision.BFloat16 or WeightPrecision.Int8))
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Expected BFloat16 or Int8: a file is converted to a reduced precision.");

        FileArchitecture arch = new ModelReader(file, new ModelLoadOptions { Module = options?.Module, Head = options?.Head }).Architecture();
        if (arch.StoredPrecision != "float32")
            throw new WeightsFormatException($"The file is already {arch.StoredPrecision} ({RecurrentMetadataKeys.WeightPrecision}): convert the float32 original instead, so no weight is rounded twice.");

        HashSet<string> matrices = MatrixNames(arch);
        var writer = new SafeTensorsWriter();
        foreach (var (key, value) in file.Metadata)
            writer.Metadata[key] = value;
        writer.Metadata[RecurrentMetadataKeys.WeightPrecision] = precision == WeightPrecision.BFloat16 ? "bfloat16" : "int8";

        foreach (TensorInfo tensor in file.Tensors)
        {
            if (!matrices.Contains(tensor.Name))
            {
                writer.AddRaw(tensor.Name, tensor.DType, file.GetBytes(tensor), tensor.Shape);
                continue;
            }

            if (tensor.DType is TensorDType.BF16 or TensorDType.I8)
                throw new WeightsFormatException($"{tensor.Name} is already {tensor.DType.Name()}: convert the float32 original instead, so no weight is rounded twice.");
            float[] values = file.ReadFloat32(tensor.Name);
            if (precision == WeightPrecision.BFloat16)
            {
                var bits = new ushort[values.Length];
                for (int i = 0; i < bits.Length; i++)
                    bits[i] = WeightQuantization.ToBFloat16Bits(values[i]);
                writer.AddBFloat16(tensor.Name, bits, tensor.Shape);
                continue;
            }

            int rows = tensor.Shape[0];
            Int8Matrix int8;
            try
            {
                int8 = Int8Matrix.Quantize(values, rows, rows == 0 ? 0 : values.Length / rows, tensor.Name);
            }
            catch (ArgumentException e)
            {
                throw new WeightsFormatException(e.Message, e);
            }

            writer.AddInt8(tensor.Name, int8.Values, tensor.Shape);
            writer.Add(WeightScales.NameOf(tensor.Name), int8.Scales, rows);
        }

        return writer;
    }

    /// <summary>
    /// The tensor names of the weight matrices a reduced precision stores (every cell's W_ih, W_hh, W_hr and the head's W)
    /// for the module and head <paramref name="options"/> choose, as loading chooses them.
    /// </summary>
    public static HashSet<string> WeightMatrixNames(SafeTensorsFile file, ModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return MatrixNames(new ModelReader(file, new ModelLoadOptions { Module = options?.Module, Head = options?.Head }).Architecture());
    }

    private static HashSet<string> MatrixNames(FileArchitecture arch)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int layer = 0; layer < arch.Layers; layer++)
        {
            for (int direction = 0; direction < arch.Directions; direction++)
            {
                names.Add(arch.TensorName("weight_ih", layer, direction));
                names.Add(arch.TensorName("weight_hh", layer, direction));
                if (arch.ProjSize > 0)
                    names.Add(arch.TensorName("weight_hr", layer, direction));
            }
        }

        if (arch.HeadPrefix is { } head)
            names.Add(head + WeightScales.HeadMatrix);
        return names;
    }
}
