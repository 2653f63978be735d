using System.Runtime.CompilerServices;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>A count known to the JIT: a struct type argument whose <see cref="Count"/> folds to a constant, so unused accumulators vanish.</summary>
internal interface ITileCount
{
    static abstract int Count { get; }
}

internal readonly struct Count1 : ITileCount
{
    public static int Count => 1;
}

internal readonly struct Count2 : ITileCount
{
    public static int Count => 2;
}

internal readonly struct Count4 : ITileCount
{
    public static int Count => 4;
}

internal readonly struct Count8 : ITileCount
{
    public static int Count => 8;
}

/// <summary>
/// The register tile of a multi-row panel product: <c>TVectors</c> (1 or 2) weight vectors × <c>TRows</c> (2, 4 or 8)
/// input rows. Each weight vector loaded at column k feeds one FMA per row, so a weight is read once for all the rows
/// (streams) of the tile; each row's value at column k is broadcast once and feeds both weight vectors.
/// </summary>
/// <remarks>
/// Registers: TVectors · TRows accumulators + TVectors weights + one broadcast. The callers pick 2 × 8 (19) where
/// there are 32 vector registers (AVX-512, NEON), 2 × 4 and 1 × 8 (≤ 11) where there are 16 (AVX2, SSE). Every row
/// sums its columns in order, k = 0, 1, ..., from its start value: a row's result does not depend on the tile.
/// </remarks>
internal static class RowTile
{
    /// <summary>
    /// out_r[v] = start_v + scale_v · Σ_k w_v[k] · x_r[k] for v &lt; TVectors and r &lt; TRows, where x_r starts
    /// <paramref name="xStride"/> floats after x_{r−1} and out_r <paramref name="outStride"/> floats after out_{r−1}.
    /// Weight vector v is gate <c>gateOffset_v / L</c> of the panel block starting at <c>block_v</c>, columns
    /// <paramref name="wStride"/> elements apart (a paired format's column pairs hold the gate at twice that offset, see
    /// PanelPacker). Unscaled formats start the sums at start_v (scale is not read); int8 sums from zero and applies
    /// the scale once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply<TOps, TVec, TFormat, TElement, TRows, TVectors>(
        ref TElement block0, int gateOffset0, ref TElement block1, int gateOffset1, int wStride, ref float scale0, ref float scale1, TVec start0, TVec start1,
        ref float x, int xStride, int columns, ref float out0, ref float out1, int outStride)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
        where TRows : struct, ITileCount
        where TVectors : struct, ITileCount
    {
        int rows = TRows.Count;
        bool pair = TVectors.Count == 2;
        TVec init0 = TFormat.Scaled ? TOps.Zero : start0;
        TVec init1 = TFormat.Scaled ? TOps.Zero : start1;
        TVec a0 = init0, a1 = init0, a2 = init0, a3 = init0, a4 = init0, a5 = init0, a6 = init0, a7 = init0;
        TVec b0 = init1, b1 = init1, b2 = init1, b3 = init1, b4 = init1, b5 = init1, b6 = init1, b7 = init1;
        ref float x1 = ref Unsafe.Add(ref x, xStride);
        ref float x2 = ref Unsafe.Add(ref x1, xStride);
        ref float x3 = ref Unsafe.Add(ref x2, xStride);
        ref float x4 = ref Unsafe.Add(ref x3, xStride);
        ref float x5 = ref Unsafe.Add(ref x4, xStride);
        ref float x6 = ref Unsafe.Add(ref x5, xStride);
        ref float x7 = ref Unsafe.Add(ref x6, xStride);
        int k = 0;
        if (TFormat.Paired)
        {
            // One full-width load holds columns k and k + 1 of a gate; the rows still sum their columns in order.
            ref TElement pairs0 = ref Unsafe.Add(ref block0, 2 * gateOffset0);
            ref TElement pairs1 = ref Unsafe.Add(ref block1, 2 * gateOffset1);
            for (; k + 1 < columns; k += 2)
            {
                TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref pairs0, k * wStride), out TVec even0, out TVec odd0);
                TVec even1 = default, odd1 = default;
                if (pair)
                    TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref pairs1, k * wStride), out even1, out odd1);
                Column<TOps, TVec>(rows, pair, even0, even1, k, ref x, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7,
                    ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
                Column<TOps, TVec>(rows, pair, odd0, odd1, k + 1, ref x, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7,
                    ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
            }
        }

        for (; k < columns; k++)
        {
            TVec v0 = TFormat.Load<TOps, TVec>(in Unsafe.Add(ref block0, (k * wStride) + gateOffset0));
            TVec v1 = pair ? TFormat.Load<TOps, TVec>(in Unsafe.Add(ref block1, (k * wStride) + gateOffset1)) : default;
            Column<TOps, TVec>(rows, pair, v0, v1, k, ref x, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7,
                ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        }

        Store<TOps, TVec, TFormat, TElement, TVectors>(a0, b0, ref scale0, ref scale1, start0, start1, ref out0, ref out1);
        if (rows > 1)
            Store<TOps, TVec, TFormat, TElement, TVectors>(a1, b1, ref scale0, ref scale1, start0, start1, ref Unsafe.Add(ref out0, outStride), ref Unsafe.Add(ref out1, outStride));
        if (rows > 2)
        {
            Store<TOps, TVec, TFormat, TElement, TVectors>(a2, b2, ref scale0, ref scale1, start0, start1, ref Unsafe.Add(ref out0, 2 * outStride), ref Unsafe.Add(ref out1, 2 * outStride));
            Store<TOps, TVec, TFormat, TElement, TVectors>(a3, b3, ref scale0, ref scale1, start0, start1, ref Unsafe.Add(ref out0, 3 * outStride), ref Unsafe.Add(ref out1, 3 * outStride));
        }

        if (rows > 4)
        {
            Store<TOps, TVec, TFormat, TElement, TVectors>(a4, b4, ref scale0, ref scale1, start0, start1, ref Unsafe.Add(ref out0, 4 * outStride), ref Unsafe.Add(ref out1, 4 * outStride));
            Store<TOps, TVec, TFormat, TElement, TVectors>(a5, b5, ref scale0, ref scale1, start0, start1, ref Unsafe.Add(ref out0, 5 * outStride), ref Unsafe.Add(ref out1, 5 * outStride));
            Store<TOps, TVec, TFormat, TElement, TVectors>(a6, b6, ref scale0, ref scale1, start0, start1, ref Unsafe.Add(ref out0, 6 * outStride), ref Unsafe.Add(ref out1, 6 * outStride));
            Store<TOps, TVec, TFormat, TElement, TVectors>(a7, b7, ref scale0, ref scale1, start0, start1, ref Unsafe.Add(ref out0, 7 * outStride), ref Unsafe.Add(ref out1, 7 * outStride));
        }
    }

    /// <summary>Column k of the tile: each row's x_r[k] is broadcast once and multiplied into both weight vectors' sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column<TOps, TVec>(int rows, bool pair, TVec v0, TVec v1, int k,
        ref float x0, ref float x1, ref float x2, ref float x3, ref float x4, ref float x5, ref float x6, ref float x7,
        ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3, ref TVec a4, ref TVec a5, ref TVec a6, ref TVec a7,
        ref TVec b0, ref TVec b1, ref TVec b2, ref TVec b3, ref TVec b4, ref TVec b5, ref TVec b6, ref TVec b7)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
    {
        TVec s = TOps.Broadcast(Unsafe.Add(ref x0, k));
        a0 = TOps.MultiplyAdd(v0, s, a0);
        if (pair)
            b0 = TOps.MultiplyAdd(v1, s, b0);
        if (rows > 1)
        {
            s = TOps.Broadcast(Unsafe.Add(ref x1, k));
            a1 = TOps.MultiplyAdd(v0, s, a1);
            if (pair)
                b1 = TOps.MultiplyAdd(v1, s, b1);
        }

        if (rows > 2)
        {
            s = TOps.Broadcast(Unsafe.Add(ref x2, k));
            a2 = TOps.MultiplyAdd(v0, s, a2);
            if (pair)
                b2 = TOps.MultiplyAdd(v1, s, b2);
            s = TOps.Broadcast(Unsafe.Add(ref x3, k));
            a3 = TOps.MultiplyAdd(v0, s, a3);
            if (pair)
                b3 = TOps.MultiplyAdd(v1, s, b3);
        }

        if (rows > 4)
        {
            s = TOps.Broadcast(Unsafe.Add(ref x4, k));
            a4 = TOps.MultiplyAdd(v0, s, a4);
            if (pair)
                b4 = TOps.MultiplyAdd(v1, s, b4);
            s = TOps.Broadcast(Unsafe.Add(ref x5, k));
            a5 = TOps.MultiplyAdd(v0, s, a5);
            if (pair)
                b5 = TOps.MultiplyAdd(v1, s, b5);
            s = TOps.Broadcast(Unsafe.Add(ref x6, k));
            a6 = TOps.MultiplyAdd(v0, s, a6);
            if (pair)
                b6 = TOps.MultiplyAdd(v1, s, b6);
            s = TOps.Broadcast(Unsafe.Add(ref x7, k));
            a7 = TOps.MultiplyAdd(v0, s, a7);
            if (pair)
                b7 = TOps.MultiplyAdd(v1, s, b7);
        }
    }

    /// <summary>One row's results: int8 sums scaled onto their start, the others stored as they are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TOps, TVec, TFormat, TElement, TVectors>(TVec sum0, TVec sum1, ref float scale0, ref float scale1, TVec start0, TVec start1, ref float out0, ref float out1)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
        where TVectors : struct, ITileCount
    {
        TOps.Store(TFormat.Scaled ? TOps.MultiplyAdd(sum0, TOps.Load(in scale0), start0) : sum0, ref out0);
        if (TVectors.Count == 2)
            TOps.Store(TFormat.Scaled ? TOps.MultiplyAdd(sum1, TOps.Load(in scale1), start1) : sum1, ref out1);
    }
}
