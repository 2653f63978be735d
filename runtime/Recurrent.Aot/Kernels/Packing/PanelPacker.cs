namespace Recurrent.Aot.Kernels.Packing;

/// <summary>
/// Packs a PyTorch weight matrix (G·H rows in gate blocks, K columns, row-major) into panels:
/// for each block of L hidden units, for each column k, the L rows of gate 0, then of gate 1, ...
/// Layout [block][k][gate][lane]: one vector load gives one gate's weights for the block's units at
/// column k, to be multiplied by the broadcast input value k. Units past H are zero (padding lanes).
/// Every result starts on a 64-byte boundary (see <see cref="AlignedBuffer"/>).
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

    /// <summary>The panel layout for any stored element (float32, bfloat16 bits, int8) into a zeroed <paramref name="panel"/>.</summary>
    public static void PackPanelInto<T>(ReadOnlySpan<T> weights, Span<T> panel, int gates, int units, int columns, int lanes)
        where T : unmanaged
    {
        int blocks = BlockCount(units, lanes);
        for (int b = 0; b < blocks; b++)
        {
            for (int k = 0; k < columns; k++)
            {
                for (int g = 0; g < gates; g++)
                {
                    int destination = ((b * columns + k) * gates + g) * lanes;
                    for (int l = 0; l < lanes; l++)
                    {
                        int unit = b * lanes + l;
                        if (unit < units)
                            panel[destination + l] = weights[((g * units) + unit) * columns + k];
                    }
                }
            }
        }
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
