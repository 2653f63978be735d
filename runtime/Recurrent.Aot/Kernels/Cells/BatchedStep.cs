using Recurrent.Aot.Kernels.Packing;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// One step of up to <see cref="MaxStreams"/> streams of one cell. W_ih x + bias and W_hh h of all the streams are
/// two multi-row panel products (<see cref="InputProjection"/>: each weight vector loaded once feeds every stream);
/// then each stream's gates are activated and its state updated by the cell kind's kernel, reading those rows.
/// </summary>
/// <remarks>
/// A single stream takes the fused one-stream kernel instead (nothing to share, and no round trip through memory).
/// GRU BeforeMatmul shares only W_ih: its W_hn multiplies r ⊙ h, known only after r, so each stream walks W_hh
/// itself; an LSTM projection (W_hr) is likewise applied stream by stream.
/// </remarks>
internal static class BatchedStep
{
    /// <summary>The most streams one call takes: the row tile's height.</summary>
    public const int MaxStreams = 8;

    /// <summary>The next group of streams to step together: 8, 4 or 2 while that many are left, else 1.</summary>
    public static int GroupSize(int remaining) => remaining >= 8 ? 8 : remaining >= 4 ? 4 : remaining >= 2 ? 2 : 1;

    /// <summary>Floats of scratch one call needs: the two products' rows and the per-stream kernel's scratch.</summary>
    public static int ScratchSize(PackedCell cell) => (2 * MaxStreams * cell.PreactivationStride) + cell.ScratchSize;

    /// <summary>
    /// Steps <paramref name="streams"/> (1..<see cref="MaxStreams"/>) streams; stream s reads x, h and c at s times
    /// their strides and writes hOut and cOut at s times theirs. Lengths are the caller's business (already checked);
    /// c and cOut are empty for cells without a cell state. hOut/cOut must not overlap h/c.
    /// </summary>
    public static void Step(PackedCell cell, int streams, ReadOnlySpan<float> x, int xStride, ReadOnlySpan<float> h, int hStride, ReadOnlySpan<float> c, int cStride, Span<float> hOut, int hOutStride, Span<float> cOut, int cOutStride, Span<float> scratch)
    {
        CellSpec spec = cell.Spec;
        int hSize = spec.OutputSize, cSize = spec.CellStateSize;
        Span<float> cellScratch = scratch.Slice(2 * MaxStreams * cell.PreactivationStride, cell.ScratchSize);
        if (streams == 1)
        {
            CellKernels.Step(cell, x[..spec.InputSize], default, default, h[..hSize], c[..cSize], hOut[..hSize], cOut[..cSize], cellScratch);
            return;
        }

        int stride = cell.PreactivationStride;
        Span<float> pre = scratch[..(streams * stride)];
        Span<float> recurrent = scratch.Slice(MaxStreams * stride, streams * stride);
        CellKernels.Project(cell.InputPanel, cell.InputBias, cell.Blocks, cell.Gates, spec.InputSize, x, xStride, streams, pre);
        bool shared = cell.SupportsBatchedRecurrence;
        if (shared)
            CellKernels.Project(cell.RecurrentPanel, AlignedBuffer.Empty, cell.Blocks, cell.Gates, hSize, h, hStride, streams, recurrent);
        for (int s = 0; s < streams; s++)
        {
            CellKernels.Step(
                cell,
                default,
                pre.Slice(s * stride, stride),
                shared ? recurrent.Slice(s * stride, stride) : default,
                h.Slice(s * hStride, hSize),
                cSize == 0 ? default : c.Slice(s * cStride, cSize),
                hOut.Slice(s * hOutStride, hSize),
                cSize == 0 ? default : cOut.Slice(s * cOutStride, cSize),
                cellScratch);
        }
    }
}
