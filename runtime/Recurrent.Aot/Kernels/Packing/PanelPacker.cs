namespace Recurrent.Aot.Kernels.Packing;

/// <summary>
/// Packs a PyTorch weight matrix (G·H rows in gate blocks, K columns, row-major) into panels:
/// for each block of L hidden units, for each column k, the L rows of gate 0, then of gate 1, ...
/// Layout [block][k][gate][lane]: one vector load gives one gate's weights for the block's units at
/// column k, to be multiplied by the broadcast input value k. Units past H are zero (padding lanes).
/// Every result starts on a 64-byte boundary (see <see cref="AlignedBuffer"/>).
/// <para>
/// Paired panels (bfloat16) keep the same blocks and the same place for every column pair, but interleave the two
/// columns of a pair lane by lane: column 2p's element sits in the low half of a 32-bit word and column 2p + 1's in
/// the high half, so one full-width load yields both columns' vectors (<see cref="Simd.IWeightFormat{T}.Paired"/>).
/// Within a pair, gate g's words start at element 2·g·L. With an odd column count the last column is not paired and
/// keeps the plain layout; the panel takes exactly as many elements as the plain one.
/// </para>
/// </summary>
internal static class PanelPacker
{
    public static int BlockCount(int units, int lanes) => (units + lanes - 1) / lanes;

    public static AlignedBuffer PackPanel(ReadOnlySpan<float> weights, int gates, int units, int columns, int lanes)
    {
        int blocks = BlockCount(units, lanes);
        var buffer = new AlignedBuffer(checked(blocks * columns * gates * lanes));
        PackPanelInto(weights, buffer.Span, gates, units, columns, lanes);
        return buffer;
    }

    /// <summary>
    /// The panel layout for any stored element (float32, bfloat16 bits, int8) into a zeroed <paramref name="panel"/>,
    /// with the columns in pairs when <paramref name="paired"/>.
    /// </summary>
    public static void PackPanelInto<T>(ReadOnlySpan<T> weights, Span<T> panel, int gates, int units, int columns, int lanes, bool paired = false)
        where T : unmanaged
    {
        int blocks = BlockCount(units, lanes);
        for (int b = 0; b < blocks; b++)
        {
            for (int k = 0; k < columns; k++)
            {
                for (int g = 0; g < gates; g++)
                {
                    for (int l = 0; l < lanes; l++)
                    {
                        int unit = b * lanes + l;
                        if (unit < units)
                            panel[Index(b, k, g, l, gates, columns, lanes, paired)] = weights[((g * units) + unit) * columns + k];
                    }
                }
            }
        }
    }

    /// <summary>Where (block, column, gate, lane) goes in a panel; see the class remarks for the paired layout.</summary>
    public static int Index(int block, int column, int gate, int lane, int gates, int columns, int lanes, bool paired)
    {
        bool inPair = paired && (column | 1) < columns;
        if (!inPair)
            return ((block * columns + column) * gates + gate) * lanes + lane;
        int pairStart = (block * columns + (column & ~1)) * gates * lanes;
        return pairStart + 2 * (gate * lanes + lane) + (column & 1);
    }

    /// <summary>Packs gate-blocked vectors (G·H, e.g. biases or peepholes) as [block][gate][lane], zero padded.</summary>
    public static AlignedBuffer PackVector(ReadOnlySpan<float> values, int gates, int units, int lanes)
    {
        int blocks = BlockCount(units, lanes);
        var buffer = new AlignedBuffer(checked(blocks * gates * lanes));
        Span<float> packed = buffer.Span;
        for (int b = 0; b < blocks; b++)
        {
            for (int g = 0; g < gates; g++)
            {
                for (int l = 0; l < lanes; l++)
                {
                    int unit = b * lanes + l;
                    if (unit < units)
                        packed[(b * gates + g) * lanes + l] = values[g * units + unit];
                }
            }
        }

        return buffer;
    }
}
