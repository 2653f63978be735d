using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.IO;

public class WeightQuantizationTests
{
    [Theory]
    [InlineData(0x3F800000u, (ushort)0x3F80)] // 1 is exact
    [InlineData(0x3F808000u, (ushort)0x3F80)] // halfway, the even neighbour is below
    [InlineData(0x3F818000u, (ushort)0x3F82)] // halfway, the even neighbour is above
    [InlineData(0x3F808001u, (ushort)0x3F81)] // just past halfway rounds up
    [InlineData(0x3F807FFFu, (ushort)0x3F80)] // just short of halfway rounds down
    [InlineData(0xBF818000u, (ushort)0xBF82)] // the sign does not change the rounding
    [InlineData(0x7F7FFFFFu, (ushort)0x7F80)] // the largest float32 rounds to infinity, as PyTorch does
    [InlineData(0x00000001u, (ushort)0x0000)] // the smallest subnormal rounds to zero
    [InlineData(0x7F800000u, (ushort)0x7F80)] // infinity stays infinity
    public void Bfloat16_rounds_to_nearest_even(uint float32Bits, ushort expected)
    {
        Assert.Equal(expected, WeightQuantization.ToBFloat16Bits(BitConverter.UInt32BitsToSingle(float32Bits)));
    }

    [Fact]
    public void Bfloat16_keeps_nan_a_nan_and_widens_exactly()
    {
        Assert.True(float.IsNaN(WeightQuantization.RoundToBFloat16(float.NaN)));
        Assert.True(float.IsNaN(WeightQuantization.FromBFloat16Bits(WeightQuantization.ToBFloat16Bits(BitConverter.UInt32BitsToSingle(0x7F800001u)))));
        Assert.Equal(3.140625f, WeightQuantization.FromBFloat16Bits(0x4049));
    }

    [Fact]
    public void Bfloat16_error_is_at_most_half_a_unit_of_its_last_place()
    {
        var random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            float value = (float)(random.NextDouble() * 8 - 4);
            float rounded = WeightQuantization.RoundToBFloat16(value);
            // bfloat16 keeps 8 significant bits: the error is at most 2^-8 of the value's power of two.
            float unit = MathF.Pow(2, MathF.Floor(MathF.Log2(MathF.Abs(value))) - 7);
            Assert.True(MathF.Abs(rounded - value) <= unit / 2, $"{value} -> {rounded}");
        }
    }

    [Fact]
    public void Int8_rows_use_the_largest_magnitude_for_127_and_round_half_to_even()
    {
        float[] matrix = [1.27f, -0.635f, 0f, 0.005f, /* row 2 */ 0f, 0f, 0f, 0f, /* row 3 */ -2f, 1f, 0.5f, 0.25f];
        var quantized = new sbyte[matrix.Length];
        var scales = new float[3];

        WeightQuantization.QuantizeRowsInt8(matrix, 3, 4, quantized, scales);

        Assert.Equal(1.27f / 127, scales[0]);
        Assert.Equal(1f, scales[1]); // a zero row gets scale 1, never 0
        Assert.Equal(2f / 127, scales[2]);
        Assert.Equal(new sbyte[] { 127, -64, 0, 0, 0, 0, 0, 0, -127, 64, 32, 16 }, quantized);
        for (int i = 0; i < matrix.Length; i++)
        {
            float scale = scales[i / 4];
            Assert.True(MathF.Abs(WeightQuantization.Dequantize(quantized[i], scale) - matrix[i]) <= scale / 2 * 1.0001f, $"weight {i}");
        }
    }

    [Fact]
    public void Int8_refuses_non_finite_weights_and_short_destinations()
    {
        var quantized = new sbyte[3];
        var error = Assert.Throws<ArgumentException>(() => WeightQuantization.QuantizeRowInt8([1f, float.NaN, 2f], quantized));
        Assert.Contains("Weight 1", error.Message);
        Assert.Throws<ArgumentException>(() => WeightQuantization.QuantizeRowInt8([1f, float.PositiveInfinity], quantized));
        Assert.Throws<ArgumentException>(() => WeightQuantization.QuantizeRowInt8([1f, 2f, 3f, 4f], quantized));
        Assert.Throws<ArgumentException>(() => WeightQuantization.QuantizeRowsInt8(new float[6], 2, 2, new sbyte[6], new float[2]));
    }

    [Theory]
    [InlineData(1e-3f, true)]
    [InlineData(0f, false)]
    [InlineData(-1f, false)]
    [InlineData(float.NaN, false)]
    [InlineData(float.PositiveInfinity, false)]
    public void Usable_scales_are_finite_and_positive(float scale, bool usable)
    {
        Assert.Equal(usable, WeightQuantization.IsUsableScale(scale));
    }
}
