using System;
using System.Runtime.InteropServices;

namespace Recurrent.Aot.IO;

/// <summary>
/// The two reduced weight precisions, as one definition for the runtime, the generator (which compiles this file)
/// and the tools, so a model quantized anywhere holds the same numbers:
/// <list type="bullet">
/// <item>bfloat16: the upper 16 bits of a float32, rounded to nearest, ties to even (as PyTorch's
/// <c>tensor.to(torch.bfloat16)</c>); widening back is exact.</item>
/// <item>int8: symmetric, one float32 scale per weight row (per gate unit): <c>scale = max|w| / 127</c>,
/// <c>q = round_half_even(w / scale)</c> clamped to [-127, 127], so <c>w ≈ q · scale</c>. A row of zeros gets
/// scale 1 (a zero scale is never written, so a reader can refuse one).</item>
/// </list>
/// Written netstandard2.0-compatible (no MathF, no BitConverter.SingleToInt32Bits).
/// </summary>
internal static class WeightQuantization
{
    /// <summary>The largest magnitude an int8 weight takes; -128 is not used, so the range is symmetric.</summary>
    public const int Int8Limit = 127;

    /// <summary>float32 → bfloat16 bits, rounded to nearest even; NaN stays a (quiet) NaN.</summary>
    public static ushort ToBFloat16Bits(float value)
    {
        uint bits = SingleBits(value);
        if ((bits & 0x7FFF_FFFFu) > 0x7F80_0000u)
        {
            return (ushort)((bits >> 16) | 0x0040u);
        }

        uint tieToEven = 0x7FFFu + ((bits >> 16) & 1u);
        return (ushort)((bits + tieToEven) >> 16);
    }

    /// <summary>bfloat16 bits → float32, exactly.</summary>
    public static float FromBFloat16Bits(ushort bits) => SingleFromBits((uint)bits << 16);

    /// <summary>The value a float32 weight holds once stored as bfloat16.</summary>
    public static float RoundToBFloat16(float value) => FromBFloat16Bits(ToBFloat16Bits(value));

    /// <summary>
    /// Quantizes one row to int8 and returns its scale. Throws <see cref="ArgumentException"/> for a NaN or
    /// infinite weight (it has no int8 value), naming the row's position.
    /// </summary>
    public static float QuantizeRowInt8(ReadOnlySpan<float> row, Span<sbyte> quantized)
    {
        if (quantized.Length < row.Length)
        {
            throw new ArgumentException($"The int8 destination holds {quantized.Length} values; the row has {row.Length}.", nameof(quantized));
        }

        float maxAbs = 0f;
        for (int i = 0; i < row.Length; i++)
        {
            float value = row[i];
            if (float.IsNaN(value) || float.IsInfinity(value))
            {
                throw new ArgumentException($"Weight {i} of the row is {value}: only finite weights can be quantized to int8.", nameof(row));
            }

            float magnitude = Math.Abs(value);
            if (magnitude > maxAbs)
            {
                maxAbs = magnitude;
            }
        }

        float scale = maxAbs == 0f ? 1f : maxAbs / Int8Limit;
        for (int i = 0; i < row.Length; i++)
        {
            double steps = Math.Round((double)(row[i] / scale), MidpointRounding.ToEven);
            quantized[i] = (sbyte)Math.Max(-Int8Limit, Math.Min(Int8Limit, steps));
        }

        return scale;
    }

    /// <summary>
    /// Quantizes a row-major (rows × columns) matrix row by row: <paramref name="scales"/> gets one scale per row.
    /// </summary>
    public static void QuantizeRowsInt8(ReadOnlySpan<float> matrix, int rows, int columns, Span<sbyte> quantized, Span<float> scales)
    {
        if (rows < 0 || columns < 0 || matrix.Length != rows * columns)
        {
            throw new ArgumentException($"The matrix holds {matrix.Length} values; ({rows}, {columns}) needs {rows * columns}.", nameof(matrix));
        }

        if (quantized.Length < matrix.Length || scales.Length < rows)
        {
            throw new ArgumentException($"The destinations hold {quantized.Length} weights and {scales.Length} scales; ({rows}, {columns}) needs {matrix.Length} and {rows}.", nameof(quantized));
        }

        for (int r = 0; r < rows; r++)
        {
            scales[r] = QuantizeRowInt8(matrix.Slice(r * columns, columns), quantized.Slice(r * columns, columns));
        }
    }

    /// <summary>The float32 value an int8 weight stands for.</summary>
    public static float Dequantize(sbyte quantized, float scale) => quantized * scale;

    /// <summary>True when a scale read from a file can be used: finite and greater than zero.</summary>
    public static bool IsUsableScale(float scale) => scale > 0f && !float.IsInfinity(scale);

    private static uint SingleBits(float value) => new SingleAndBits { Single = value }.Bits;

    private static float SingleFromBits(uint bits) => new SingleAndBits { Bits = bits }.Single;

    /// <summary>Reinterprets a float32's bits without unsafe code or allocation on every target.</summary>
    [StructLayout(LayoutKind.Explicit)]
    private struct SingleAndBits
    {
        [FieldOffset(0)]
        public float Single;

        [FieldOffset(0)]
        public uint Bits;
    }
}
