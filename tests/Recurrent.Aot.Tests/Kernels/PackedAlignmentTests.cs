using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Kernels;

/// <summary>
/// Every buffer the kernels stream (panels, biases, peepholes, projection, head) starts on a 64-byte
/// boundary, so no vector load of weights splits a cache line; and packing still lays values out as
/// [block][column][gate][lane] with zero padding.
/// </summary>
public sealed class PackedAlignmentTests
{
    public static TheoryData<string> Configurations()
    {
        var data = new TheoryData<string>();
        foreach ((string name, _) in CellConfigurations.All())
            data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_packed_cell_buffer_is_64_byte_aligned(string name)
    {
        CellSpec template = CellConfigurations.All().Single(c => c.Name == name).Spec;
        // Sizes that are not whole vectors on any path, with a projection for the LSTMs.
        CellSpec spec = CellConfigurations.Sized(template, input: 5, hidden: 19, proj: 7);
        foreach (WeightPrecision precision in Enum.GetValues<WeightPrecision>())
        {
            RecurrentCell cell = RecurrentCell.Create(spec, RandomWeights.For(spec, new Random(4)), precision);
            AssertCellAligned(spec, cell.Packed, precision);
        }
    }

    private static void AssertCellAligned(CellSpec spec, PackedCell packed, WeightPrecision precision)
    {
        AssertAligned(packed.InputPanel.Data, nameof(packed.InputPanel));
        AssertAligned(packed.RecurrentPanel.Data, nameof(packed.RecurrentPanel));
        Assert.Equal(precision == WeightPrecision.Int8, packed.RecurrentPanel.Scales.Length > 0);
        AssertAligned(packed.InputPanel.Scales, nameof(packed.InputPanel.Scales));
        AssertAligned(packed.RecurrentPanel.Scales, nameof(packed.RecurrentPanel.Scales));
        AssertAligned(packed.InputBias, nameof(packed.InputBias));
        Assert.Equal(spec.Kind == CellKind.Gru, packed.CandidateBias.Length > 0);
        AssertAligned(packed.CandidateBias, nameof(packed.CandidateBias));
        Assert.Equal(spec.Peepholes, packed.PeepholeWeights.Length > 0);
        AssertAligned(packed.PeepholeWeights, nameof(packed.PeepholeWeights));
        Assert.Equal(spec.ProjSize > 0, packed.ProjectionPanel.Elements > 0);
        AssertAligned(packed.ProjectionPanel.Data, nameof(packed.ProjectionPanel));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Head_buffers_are_64_byte_aligned(bool hasBias)
    {
        const int outputs = 3, inputs = 11;
        var random = new Random(5);
        var weights = new HeadWeights
        {
            Weight = RandomWeights.Uniform(random, outputs * inputs, 1f),
            Bias = hasBias ? RandomWeights.Uniform(random, outputs, 1f) : null,
        };
        var head = new DenseHead(new HeadSpec { OutputSize = outputs, HasBias = hasBias }, weights, inputs, SimdInfo.Lanes);

        Assert.True(head.Panel.Elements > 0);
        // Without a bias there is no buffer: the product starts from zero.
        Assert.Equal(hasBias, head.Bias.Length > 0);
        AssertAligned(head.Panel.Data, nameof(head.Panel));
        AssertAligned(head.Bias, nameof(head.Bias));
    }

    [Fact]
    public void Panels_hold_each_weight_at_block_column_gate_lane_and_zeros_past_the_units()
    {
        const int gates = 2, units = 5, columns = 3, lanes = 4;
        // weights[(g * units + unit) * columns + k] = 100 g + 10 unit + k + 1: every value names its place.
        float[] weights = new float[gates * units * columns];
        for (int g = 0; g < gates; g++)
            for (int unit = 0; unit < units; unit++)
                for (int k = 0; k < columns; k++)
                    weights[(g * units + unit) * columns + k] = 100 * g + 10 * unit + k + 1;

        AlignedBuffer panel = PanelPacker.PackPanel(weights, gates, units, columns, lanes);

        int blocks = PanelPacker.BlockCount(units, lanes);
        Assert.Equal(blocks * columns * gates * lanes, panel.Length);
        AssertAligned(panel, "panel");
        for (int b = 0; b < blocks; b++)
            for (int k = 0; k < columns; k++)
                for (int g = 0; g < gates; g++)
                    for (int l = 0; l < lanes; l++)
                    {
                        int unit = b * lanes + l;
                        float expected = unit < units ? 100 * g + 10 * unit + k + 1 : 0f;
                        Assert.Equal(expected, panel.Span[((b * columns + k) * gates + g) * lanes + l]);
                    }
    }

    [Fact]
    public void Vectors_hold_each_value_at_block_gate_lane_and_zeros_past_the_units()
    {
        const int gates = 3, units = 6, lanes = 4;
        float[] values = new float[gates * units];
        for (int i = 0; i < values.Length; i++)
            values[i] = i + 1;

        AlignedBuffer packed = PanelPacker.PackVector(values, gates, units, lanes);

        Assert.Equal(2 * gates * lanes, packed.Length);
        AssertAligned(packed, "vector");
        for (int b = 0; b < 2; b++)
            for (int g = 0; g < gates; g++)
                for (int l = 0; l < lanes; l++)
                {
                    int unit = b * lanes + l;
                    float expected = unit < units ? values[g * units + unit] : 0f;
                    Assert.Equal(expected, packed.Span[(b * gates + g) * lanes + l]);
                }
    }

    private static void AssertAligned(AlignedBuffer buffer, string name)
    {
        if (buffer.Length == 0)
            return;
        long offset = buffer.StartAddress % AlignedBuffer.Alignment;
        Assert.True(offset == 0, $"{name} starts {offset} bytes past a 64-byte boundary.");
    }
}
