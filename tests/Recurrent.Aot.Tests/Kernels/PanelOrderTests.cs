using Recurrent.Aot.Kernels.Cells;

namespace Recurrent.Aot.Tests.Kernels;

/// <summary>The panel order follows the caller's buffers: it flips when h and hOut swap, and stays put when they do not.</summary>
public sealed class PanelOrderTests
{
    [Fact]
    public void Writing_below_h_walks_backwards_and_writing_above_walks_forwards()
    {
        var pair = new float[2 * 24];
        Span<float> low = pair.AsSpan(0, 24), high = pair.AsSpan(24, 24);
        Assert.False(PanelOrder.Backwards(low, high));
        Assert.True(PanelOrder.Backwards(high, low));
    }

    [Fact]
    public void Swapping_h_and_hOut_every_step_alternates_the_order()
    {
        var pair = new float[2 * 7];
        Span<float> h = pair.AsSpan(7, 7), hOut = pair.AsSpan(0, 7);
        var orders = new List<bool>();
        for (int step = 0; step < 6; step++)
        {
            orders.Add(PanelOrder.Backwards(h, hOut));
            Span<float> previous = h;
            h = hOut;
            hOut = previous;
        }

        Assert.Equal([true, false, true, false, true, false], orders);
    }

    [Fact]
    public void Separate_arrays_in_fixed_roles_keep_one_order()
    {
        var h = new float[33];
        var hOut = new float[33];
        bool first = PanelOrder.Backwards(h, hOut);
        for (int step = 0; step < 5; step++)
        {
            hOut.AsSpan().CopyTo(h);
            Assert.Equal(first, PanelOrder.Backwards(h, hOut));
        }

        Assert.NotEqual(first, PanelOrder.Backwards(hOut, h));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void Both_walks_visit_every_block_once_in_opposite_orders(int blocks)
    {
        int[] forward = Enumerable.Range(0, blocks).Select(visit => PanelOrder.Block(visit, blocks, backwards: false)).ToArray();
        int[] backward = Enumerable.Range(0, blocks).Select(visit => PanelOrder.Block(visit, blocks, backwards: true)).ToArray();
        Assert.Equal(Enumerable.Range(0, blocks), forward);
        Assert.Equal(Enumerable.Range(0, blocks).Reverse(), backward);
    }
}
