using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// A blocked matrix–matrix product over a packed panel: out[row] = bias + W · in[row] for every row, in the packed
/// [block][gate][lane] layout the cell kernels read. Rows are time steps × streams (the input half of a whole
/// sequence, done before the recurrence), the streams of one batched step (W_ih x and W_hh h of
/// <see cref="BatchedStep"/>), or a head's features. Rows go through <see cref="RowTile"/> eight, four or two at a
/// time, so each weight vector loaded feeds that many rows; a last single row goes through <see cref="PanelDot"/>.
/// </summary>
internal static class InputProjection
{
    /// <remarks>
    /// Layouts: panel [block][columns][gates][lanes] (see PanelPacker), bias [block][gates][lanes],
    /// inputs rows × columns row-major, output rows × (blocks · gates · lanes). An empty bias means none
    /// (the accumulators start at zero), as for W_hh·h and a head without bias.
    /// </remarks>
    public static void Project<TOps, TVec, TFormat, TElement>(PackedPanel panel, AlignedBuffer bias, int blocks, int gates, int columns, ReadOnlySpan<float> inputs, int rows, Span<float> output)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
        => Project<TOps, TVec, TFormat, TElement>(panel, bias, blocks, gates, columns, inputs, columns, rows, output);

    /// <summary>As above, with input rows <paramref name="inputStride"/> floats apart (a layer's h inside whole stream states).</summary>
    public static void Project<TOps, TVec, TFormat, TElement>(PackedPanel panel, AlignedBuffer bias, int blocks, int gates, int columns, ReadOnlySpan<float> inputs, int inputStride, int rows, Span<float> output)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        int lanes = TOps.Lanes;
        int vectors = blocks * gates;
        bool wide = lanes == 16 || AdvSimd.Arm64.IsSupported;
        ref float inRef = ref MemoryMarshal.GetReference(inputs);
        ref float outRef = ref MemoryMarshal.GetReference(output);
        for (int v = 0; v < vectors; v += 2)
        {
            bool two = v + 1 < vectors;
            int row = 0;
            for (; row + 7 < rows; row += 8)
            {
                // Two weight vectors × eight rows needs 16 accumulators, which only 32 vector registers hold (AVX-512,
                // NEON). With 16 (AVX2, SSE) the pair takes the rows four at a time instead, reading its weights twice
                // (from L1) but broadcasting each input once for both: fewer loads per FMA than one vector × eight rows.
                if (two && wide)
                {
                    Tile<TOps, TVec, TFormat, TElement, Count8, Count2>(panel, bias, gates, columns, v, ref inRef, inputStride, row, ref outRef, vectors * lanes);
                }
                else if (two)
                {
                    Tile<TOps, TVec, TFormat, TElement, Count4, Count2>(panel, bias, gates, columns, v, ref inRef, inputStride, row, ref outRef, vectors * lanes);
                    Tile<TOps, TVec, TFormat, TElement, Count4, Count2>(panel, bias, gates, columns, v, ref inRef, inputStride, row + 4, ref outRef, vectors * lanes);
                }
                else
                {
                    Tile<TOps, TVec, TFormat, TElement, Count8, Count1>(panel, bias, gates, columns, v, ref inRef, inputStride, row, ref outRef, vectors * lanes);
                }
            }

            if (rows - row >= 4)
            {
                Pair<TOps, TVec, TFormat, TElement, Count4>(panel, bias, gates, columns, v, two, ref inRef, inputStride, row, ref outRef, vectors * lanes);
                row += 4;
            }

            if (rows - row >= 2)
            {
                Pair<TOps, TVec, TFormat, TElement, Count2>(panel, bias, gates, columns, v, two, ref inRef, inputStride, row, ref outRef, vectors * lanes);
                row += 2;
            }

            if (row < rows)
            {
                Single<TOps, TVec, TFormat, TElement>(panel, bias, gates, columns, v, ref inRef, inputStride, row, ref outRef, vectors * lanes);
                if (two)
                    Single<TOps, TVec, TFormat, TElement>(panel, bias, gates, columns, v + 1, ref inRef, inputStride, row, ref outRef, vectors * lanes);
            }
        }
    }

    /// <summary>Vectors v and v + 1 (or v alone, the last of an odd count) for <c>TRows</c> ≤ 4 rows: at most 8 accumulators on every path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pair<TOps, TVec, TFormat, TElement, TRows>(PackedPanel panel, AlignedBuffer bias, int gates, int columns, int v, bool two, ref float inRef, int inputStride, int row, ref float outRef, int outStride)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
        where TRows : struct, ITileCount
    {
        if (two)
            Tile<TOps, TVec, TFormat, TElement, TRows, Count2>(panel, bias, gates, columns, v, ref inRef, inputStride, row, ref outRef, outStride);
        else
            Tile<TOps, TVec, TFormat, TElement, TRows, Count1>(panel, bias, gates, columns, v, ref inRef, inputStride, row, ref outRef, outStride);
    }

    /// <summary>Weight vectors v (and v + 1 when <c>TVectors</c> is 2) × rows row .. row + TRows − 1.</summary>
    private static void Tile<TOps, TVec, TFormat, TElement, TRows, TVectors>(PackedPanel panel, AlignedBuffer bias, int gates, int columns, int v, ref float inRef, int inputStride, int row, ref float outRef, int outStride)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
        where TRows : struct, ITileCount
        where TVectors : struct, ITileCount
    {
        int lanes = TOps.Lanes;
        int v1 = TVectors.Count == 2 ? v + 1 : v;
        RowTile.Multiply<TOps, TVec, TFormat, TElement, TRows, TVectors>(
            ref Block<TElement>(panel, gates, columns, lanes, v),
            (v % gates) * lanes,
            ref Block<TElement>(panel, gates, columns, lanes, v1),
            (v1 % gates) * lanes,
            gates * lanes,
            ref Unsafe.Add(ref panel.Scales.Start, v * lanes),
            ref Unsafe.Add(ref panel.Scales.Start, v1 * lanes),
            Bias<TOps, TVec>(bias, v * lanes),
            Bias<TOps, TVec>(bias, v1 * lanes),
            ref Unsafe.Add(ref inRef, row * inputStride),
            inputStride,
            columns,
            ref Unsafe.Add(ref outRef, (row * outStride) + (v * lanes)),
            ref Unsafe.Add(ref outRef, (row * outStride) + (v1 * lanes)),
            outStride);
    }

    /// <summary>One row, one weight vector: four accumulators over consecutive columns hide the FMA latency (see <see cref="PanelDot"/>).</summary>
    private static void Single<TOps, TVec, TFormat, TElement>(PackedPanel panel, AlignedBuffer bias, int gates, int columns, int v, ref float inRef, int inputStride, int row, ref float outRef, int outStride)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        int lanes = TOps.Lanes;
        TVec a = Bias<TOps, TVec>(bias, v * lanes);
        PanelDot.Accumulate1<TOps, TVec, TFormat, TElement>(ref Block<TElement>(panel, gates, columns, lanes, v), (v % gates) * lanes, ref Unsafe.Add(ref panel.Scales.Start, v * lanes), gates * lanes, ref Unsafe.Add(ref inRef, row * inputStride), columns, ref a);
        TOps.Store(a, ref Unsafe.Add(ref outRef, (row * outStride) + (v * lanes)));
    }

    /// <summary>The start of the block holding weight vector v = (block v / gates, gate v % gates) in the [block][columns][gates][lanes] panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref TElement Block<TElement>(PackedPanel panel, int gates, int columns, int lanes, int v)
        where TElement : unmanaged
        => ref Unsafe.Add(ref panel.Start<TElement>(), (v / gates) * columns * gates * lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Bias<TOps, TVec>(AlignedBuffer bias, int offset)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        => bias.Length == 0 ? TOps.Zero : TOps.Load(in Unsafe.Add(ref bias.Start, offset));
}
