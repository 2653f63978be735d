using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// Picks the vector width once per call from the JIT-constant IsHardwareAccelerated flags (the dead
/// branches are removed) and the cell kind's kernel. Lengths are the callers' business: these take
/// already-validated spans.
/// </summary>
internal static class CellKernels
{
    /// <summary>
    /// One step. <paramref name="pre"/> (W_ih x + bias) and <paramref name="recurrent"/> (W_hh h, batched runs)
    /// may be empty, and are then computed here from <paramref name="x"/> and <paramref name="h"/>. The panel
    /// order follows the buffers (<see cref="PanelOrder.Backwards"/>), so callers that ping-pong alternate it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(PackedCell cell, ReadOnlySpan<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hOut, Span<float> cOut, Span<float> scratch)
        => Step(cell, x, pre, recurrent, h, c, hOut, cOut, scratch, PanelOrder.Backwards(h, hOut));

    /// <summary>
    /// One step walking the panels in the order the caller picks: for loops whose buffers do not swap (each
    /// step writes a new row), which alternate <paramref name="backwards"/> themselves.
    /// </summary>
    public static void Step(PackedCell cell, ReadOnlySpan<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hOut, Span<float> cOut, Span<float> scratch, bool backwards)
    {
        Debug.Assert(cell.Lanes == SimdInfo.Lanes, "The cell was packed for another vector width.");
        if (Vector512.IsHardwareAccelerated)
            Step<Vector512Ops, Vector512<float>>(cell, x, pre, recurrent, h, c, hOut, cOut, scratch, backwards);
        else if (Vector256.IsHardwareAccelerated)
            Step<Vector256Ops, Vector256<float>>(cell, x, pre, recurrent, h, c, hOut, cOut, scratch, backwards);
        else if (Vector128.IsHardwareAccelerated)
            Step<Vector128Ops, Vector128<float>>(cell, x, pre, recurrent, h, c, hOut, cOut, scratch, backwards);
        else
            Step<ScalarOps, float>(cell, x, pre, recurrent, h, c, hOut, cOut, scratch, backwards);
    }

    /// <summary>out[row] = W_hh h[row] for a batch of streams' states: one weight load feeds up to eight streams.</summary>
    public static void ProjectRecurrent(PackedCell cell, ReadOnlySpan<float> states, int rows, Span<float> output)
        => Project(cell.RecurrentPanel, AlignedBuffer.Empty, cell.Blocks, cell.Gates, cell.Spec.OutputSize, states, rows, output);

    /// <summary>out[row] = W_ih in[row] + bias for <paramref name="rows"/> rows (see <see cref="InputProjection"/>).</summary>
    public static void ProjectInputs(PackedCell cell, ReadOnlySpan<float> inputs, int rows, Span<float> output)
        => Project(cell.InputPanel, cell.InputBias, cell.Blocks, cell.Gates, cell.Spec.InputSize, inputs, rows, output);

    public static void Project(PackedPanel panel, AlignedBuffer bias, int blocks, int gates, int columns, ReadOnlySpan<float> inputs, int rows, Span<float> output)
        => Project(panel, bias, blocks, gates, columns, inputs, columns, rows, output);

    /// <summary>As above with input rows <paramref name="inputStride"/> floats apart.</summary>
    public static void Project(PackedPanel panel, AlignedBuffer bias, int blocks, int gates, int columns, ReadOnlySpan<float> inputs, int inputStride, int rows, Span<float> output)
    {
        if (Vector512.IsHardwareAccelerated)
            Project<Vector512Ops, Vector512<float>>(panel, bias, blocks, gates, columns, inputs, inputStride, rows, output);
        else if (Vector256.IsHardwareAccelerated)
            Project<Vector256Ops, Vector256<float>>(panel, bias, blocks, gates, columns, inputs, inputStride, rows, output);
        else if (Vector128.IsHardwareAccelerated)
            Project<Vector128Ops, Vector128<float>>(panel, bias, blocks, gates, columns, inputs, inputStride, rows, output);
        else
            Project<ScalarOps, float>(panel, bias, blocks, gates, columns, inputs, inputStride, rows, output);
    }

    private static void Project<TOps, TVec>(PackedPanel panel, AlignedBuffer bias, int blocks, int gates, int columns, ReadOnlySpan<float> inputs, int inputStride, int rows, Span<float> output)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
    {
        switch (panel.Precision)
        {
            case WeightPrecision.BFloat16:
                InputProjection.Project<TOps, TVec, BFloat16Weights, ushort>(panel, bias, blocks, gates, columns, inputs, inputStride, rows, output);
                break;
            case WeightPrecision.Int8:
                InputProjection.Project<TOps, TVec, Int8Weights, sbyte>(panel, bias, blocks, gates, columns, inputs, inputStride, rows, output);
                break;
            default:
                InputProjection.Project<TOps, TVec, Float32Weights, float>(panel, bias, blocks, gates, columns, inputs, inputStride, rows, output);
                break;
        }
    }

    /// <summary>The weight format's kernels: one specialised copy per (width, precision).</summary>
    private static void Step<TOps, TVec>(PackedCell cell, ReadOnlySpan<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hOut, Span<float> cOut, Span<float> scratch, bool backwards)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
    {
        switch (cell.Precision)
        {
            case WeightPrecision.BFloat16:
                Step<TOps, TVec, BFloat16Weights, ushort>(cell, x, pre, recurrent, h, c, hOut, cOut, scratch, backwards);
                break;
            case WeightPrecision.Int8:
                Step<TOps, TVec, Int8Weights, sbyte>(cell, x, pre, recurrent, h, c, hOut, cOut, scratch, backwards);
                break;
            default:
                Step<TOps, TVec, Float32Weights, float>(cell, x, pre, recurrent, h, c, hOut, cOut, scratch, backwards);
                break;
        }
    }

    private static void Step<TOps, TVec, TFormat, TElement>(PackedCell cell, ReadOnlySpan<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hOut, Span<float> cOut, Span<float> scratch, bool backwards)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        switch (cell.Spec.Kind)
        {
            case CellKind.Lstm:
                LstmKernel.Step<TOps, TVec, TFormat, TElement>(cell, x, pre, recurrent, h, c, hOut, cOut, scratch, backwards);
                break;
            case CellKind.Gru:
                GruKernel.Step<TOps, TVec, TFormat, TElement>(cell, x, pre, recurrent, h, hOut, scratch, backwards);
                break;
            default:
                RnnKernel.Step<TOps, TVec, TFormat, TElement>(cell, x, pre, recurrent, h, hOut, backwards);
                break;
        }
    }
}
