using Recurrent.Aot.IO;

namespace Recurrent.Aot.Kernels.Packing;

/// <summary>
/// A row-major matrix quantized to int8 with one scale per row (w ≈ q · scale, <see cref="WeightQuantization"/>):
/// as an int8 file stores it, or as the runtime quantizes a float32 matrix when int8 is asked for.
/// </summary>
internal sealed class Int8Matrix(sbyte[] values, float[] scales)
{
    public sbyte[] Values { get; } = values;

    public float[] Scales { get; } = scales;

    /// <summary>Quantizes a (rows, columns) matrix; a NaN or infinite weight is an <see cref="ArgumentException"/> naming <paramref name="name"/>.</summary>
    public static Int8Matrix Quantize(ReadOnlySpan<float> weights, int rows, int columns, string name)
    {
        var values = new sbyte[weights.Length];
        var scales = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            try
            {
                scales[r] = WeightQuantization.QuantizeRowInt8(weights.Slice(r * columns, columns), values.AsSpan(r * columns, columns));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{name} row {r} cannot be quantized to int8: {e.Message}", e);
            }
        }

        return new Int8Matrix(values, scales);
    }

    /// <summary>The float32 values the matrix stands for (q · scale), row-major.</summary>
    public float[] Dequantize()
    {
        var result = new float[Values.Length];
        int columns = Scales.Length == 0 ? 0 : Values.Length / Scales.Length;
        for (int i = 0; i < result.Length; i++)
            result[i] = WeightQuantization.Dequantize(Values[i], Scales[i / columns]);
        return result;
    }
}
