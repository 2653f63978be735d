extern alias GeneratorAssembly;

using Recurrent.Aot.IO;
using WeightQuantization = GeneratorAssembly::Recurrent.Aot.IO.WeightQuantization;

namespace Recurrent.Aot.Generator.Tests.Precision;

/// <summary>
/// What a reduced-precision model computes with, as a float32 file: every weight matrix of the file rounded to
/// bfloat16, or quantized to int8 per row and dequantized (q·s), by the same <see cref="WeightQuantization"/> the
/// generator uses; biases, metadata and test data as they are. The runtime's float32 RecurrentModel loaded from it is
/// the reference the generated kernels must match to float32 rounding.
/// </summary>
internal static class RoundedWeights
{
    public const string BFloat16 = "BFloat16";
    public const string Int8 = "Int8";

    public static readonly string[] Precisions = { BFloat16, Int8 };

    /// <summary>Writes the rounded copy of <paramref name="source"/> to <paramref name="target"/>.</summary>
    public static void Write(string source, string precision, string target)
    {
        var file = SafeTensorsFile.Load(source);
        var writer = new SafeTensorsWriter();
        foreach (var (key, value) in file.Metadata)
        {
            writer.Metadata[key] = value;
        }
        foreach (var tensor in file.Tensors)
        {
            float[] values = file.ReadFloat32(tensor.Name);
            if (IsWeightMatrix(tensor))
            {
                Round(values, tensor.Shape[0], tensor.Shape[1], precision);
            }
            writer.Add(tensor.Name, values, tensor.Shape);
        }
        writer.Save(target);
    }

    /// <summary>weight_ih, weight_hh, weight_hr and a head's weight: the two-dimensional weights of the model (not test data).</summary>
    private static bool IsWeightMatrix(TensorInfo tensor)
        => tensor.Shape.Length == 2 && !tensor.Name.StartsWith("test.", StringComparison.Ordinal) && tensor.Name.Contains("weight", StringComparison.Ordinal);

    private static void Round(float[] values, int rows, int columns, string precision)
    {
        if (precision == BFloat16)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = WeightQuantization.RoundToBFloat16(values[i]);
            }
            return;
        }
        var quantized = new sbyte[values.Length];
        var scales = new float[rows];
        WeightQuantization.QuantizeRowsInt8(values, rows, columns, quantized, scales);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = WeightQuantization.Dequantize(quantized[i], scales[i / columns]);
        }
    }
}
