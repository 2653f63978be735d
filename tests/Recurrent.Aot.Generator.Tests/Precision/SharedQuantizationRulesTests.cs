extern alias GeneratorAssembly;

using GeneratedPacking = GeneratorAssembly::Recurrent.Aot.Generation.GeneratedPacking;
using WeightQuantization = GeneratorAssembly::Recurrent.Aot.IO.WeightQuantization;

namespace Recurrent.Aot.Generator.Tests.Precision;

/// <summary>
/// The reduced packer emitted into shape-only models (Emit/Shared/GeneratedPacking.Reduced.cs) writes the runtime's
/// rounding and quantizing rules again, since such a model may compile without the runtime: these tests hold the two
/// copies to the same bits (the same <see cref="WeightQuantization"/> file the runtime compiles).
/// </summary>
public sealed class SharedQuantizationRulesTests
{
    [Fact]
    public void BFloat16_bits_are_the_runtimes_for_every_kind_of_float()
    {
        var random = new Random(16);
        var values = new List<float>
        {
            0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity,
            float.NegativeInfinity, float.NaN, BitConverter.Int32BitsToSingle(0x7F80_0001), BitConverter.Int32BitsToSingle(unchecked((int)0xFFC1_2345)),
            // Ties: exactly halfway between two bfloat16 values, with an even and an odd upper half.
            BitConverter.Int32BitsToSingle(0x3F80_8000), BitConverter.Int32BitsToSingle(0x3F81_8000), BitConverter.Int32BitsToSingle(0x7F7F_8000),
        };
        for (int i = 0; i < 100_000; i++)
        {
            values.Add(BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31)));
        }
        foreach (float value in values)
        {
            Assert.Equal(WeightQuantization.ToBFloat16Bits(value), GeneratedPacking.BFloat16Bits(value));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 13)]
    [InlineData(64, 33)]
    public void Int8_quantization_is_the_runtimes(int rows, int columns)
    {
        var random = new Random(rows * columns);
        float[] matrix = Enumerable.Range(0, rows * columns).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-4, 3)))).ToArray();
        // A row of zeros (scale 1), and a row of exact ties (w / s lands on k + 0.5).
        Array.Clear(matrix, 0, columns);
        if (rows > 1)
        {
            for (int c = 0; c < columns; c++)
            {
                matrix[columns + c] = c == 0 ? 127f : (c % 5) + 0.5f;
            }
        }
        var expectedQ = new sbyte[matrix.Length];
        var expectedScales = new float[rows];
        WeightQuantization.QuantizeRowsInt8(matrix, rows, columns, expectedQ, expectedScales);

        const int Offset = 3;
        var values = new float[Offset + matrix.Length];
        matrix.CopyTo(values, Offset);
        var scales = new float[values.Length];
        GeneratedPacking.QuantizeInt8(values, scales, Offset, rows, columns);
        for (int i = 0; i < matrix.Length; i++)
        {
            Assert.Equal(expectedQ[i], (sbyte)values[Offset + i]);
        }
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expectedScales[r]), BitConverter.SingleToInt32Bits(scales[Offset + r]));
        }
    }

    /// <summary>A row whose scale is given (an int8 file's) keeps it and gets its stored q back from q · s, even when its q never reach ±127.</summary>
    [Fact]
    public void Stored_int8_rows_keep_their_q_and_scale()
    {
        var random = new Random(8);
        const int Rows = 50, Columns = 40;
        var q = Enumerable.Range(0, Rows * Columns).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
        var stored = Enumerable.Range(0, Rows).Select(_ => (float)Math.Pow(10, (random.NextDouble() * 8) - 6)).ToArray();
        q[0] = 3;
        var values = q.Select((v, i) => WeightQuantization.Dequantize(v, stored[i / Columns])).ToArray();
        var scales = (float[])stored.Clone();
        Array.Resize(ref scales, values.Length);
        GeneratedPacking.QuantizeInt8(values, scales, 0, Rows, Columns);
        Assert.Equal(q.Select(v => (float)v), values);
        Assert.Equal(stored, scales.Take(Rows));
    }

    [Fact]
    public void Int8_quantization_refuses_a_weight_that_is_not_finite_naming_its_index()
    {
        var values = new float[] { 0.5f, 1f, float.NaN, 2f };
        var error = Assert.Throws<ArgumentException>(() => GeneratedPacking.QuantizeInt8(values, new float[4], 0, 2, 2));
        Assert.Contains("parameters[2] is NaN", error.Message, StringComparison.Ordinal);
    }
}
