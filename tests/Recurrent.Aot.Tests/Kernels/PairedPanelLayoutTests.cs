using Recurrent.Aot.IO;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Tests.Kernels;

/// <summary>
/// The paired panel layout (bfloat16): every (block, column, gate, lane) has its own place and the panel is exactly as
/// long as the plain one; columns 2p and 2p + 1 of one lane are neighbours, the even column first (the low half of the word a pair load reads); an odd
/// last column keeps the plain layout; and a packed bfloat16 panel holds each rounded weight at that place.
/// </summary>
public sealed class PairedPanelLayoutTests
{
    public static TheoryData<int, int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int, int>();
        foreach (int gates in new[] { 1, 3, 4 })
        {
            foreach (int columns in new[] { 1, 2, 5, 8 })
            {
                foreach (int lanes in new[] { 1, 4, 8, 16 })
                    data.Add(gates, 19, columns, lanes);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Paired_indices_fill_the_plain_panel_and_pair_each_lane_of_two_columns(int gates, int units, int columns, int lanes)
    {
        int blocks = PanelPacker.BlockCount(units, lanes);
        int count = blocks * columns * gates * lanes;
        var seen = new bool[count];
        for (int b = 0; b < blocks; b++)
        {
            for (int k = 0; k < columns; k++)
            {
                for (int g = 0; g < gates; g++)
                {
                    for (int l = 0; l < lanes; l++)
                    {
                        int index = PanelPacker.Index(b, k, g, l, gates, columns, lanes, paired: true);
                        Assert.InRange(index, 0, count - 1);
                        Assert.False(seen[index], $"({b}, {k}, {g}, {l}) shares place {index}.");
                        seen[index] = true;
                        if (k % 2 == 0 && k + 1 < columns)
                        {
                            Assert.Equal(index + 1, PanelPacker.Index(b, k + 1, g, l, gates, columns, lanes, paired: true));
                        }
                        else if (k % 2 == 0)
                        {
                            Assert.Equal(PanelPacker.Index(b, k, g, l, gates, columns, lanes, paired: false), index);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void A_packed_bfloat16_panel_holds_each_rounded_weight_at_its_paired_place()
    {
        const int gates = 3, units = 19, columns = 7, lanes = 8;
        var random = new Random(16);
        float[] weights = [.. Enumerable.Range(0, gates * units * columns).Select(_ => (float)(random.NextDouble() * 2 - 1))];
        PackedPanel panel = PackedPanel.Pack(weights, null, gates, units, columns, lanes, WeightPrecision.BFloat16, "test");
        ReadOnlySpan<ushort> packed = System.Runtime.InteropServices.MemoryMarshal.Cast<float, ushort>(panel.Data.Span)[..panel.Elements];
        for (int b = 0; b < PanelPacker.BlockCount(units, lanes); b++)
        {
            for (int k = 0; k < columns; k++)
            {
                for (int g = 0; g < gates; g++)
                {
                    for (int l = 0; l < lanes; l++)
                    {
                        int unit = b * lanes + l;
                        ushort expected = unit < units ? WeightQuantization.ToBFloat16Bits(weights[((g * units) + unit) * columns + k]) : (ushort)0;
                        Assert.Equal(expected, packed[PanelPacker.Index(b, k, g, l, gates, columns, lanes, BFloat16Weights.Paired)]);
                    }
                }
            }
        }
    }
}
