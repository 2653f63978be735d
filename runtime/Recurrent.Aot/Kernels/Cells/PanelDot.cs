using System.Runtime.CompilerServices;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// Broadcast-FMA over a panel: for each column k, one vector load per gate times the broadcast value
/// v[k]. Columns are taken two (or four) at a time into separate accumulator sets so consecutive FMAs
/// do not wait on each other; the sets are summed at the end.
/// </summary>
/// <remarks>
/// The panel's elements are stored as <c>TFormat</c> says and widened to float32 on load. An int8
/// panel's rows each have their own scale, and the W_ih and W_hh halves of one gate row have different ones, so a
/// scaled walk sums Σ q·v into fresh accumulators and folds them in once at the end, a += scale · Σ q·v: one multiply
/// per accumulator and panel, not per weight, and each half keeps its own scale.
/// <c>scale</c> arguments point at the scales of the panel's first gate ([gate][lane]); unscaled formats
/// never read them.
/// <para>
/// A paired format (bfloat16) is walked by <see cref="PairedPanelDot"/>: the same accumulators get the same columns
/// in the same order, so both walks compute the same sums bit for bit; only the loads differ.
/// </para>
/// </remarks>
internal static class PanelDot
{
    /// <summary>a_g += Σ_k panel[k][g] · v[k] for 4 gates (panel stride 4 vectors per column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accumulate4<TOps, TVec, TFormat, TElement>(ref TElement panel, ref float scale, ref float v, int count, ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        if (TFormat.Paired)
        {
            PairedPanelDot.Sum4<TOps, TVec, TFormat, TElement>(ref panel, ref v, count, ref a0, ref a1, ref a2, ref a3);
            return;
        }

        if (!TFormat.Scaled)
        {
            Sum4<TOps, TVec, TFormat, TElement>(ref panel, ref v, count, ref a0, ref a1, ref a2, ref a3);
            return;
        }

        int lanes = TOps.Lanes;
        TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        Sum4<TOps, TVec, TFormat, TElement>(ref panel, ref v, count, ref s0, ref s1, ref s2, ref s3);
        a0 = TOps.MultiplyAdd(s0, TOps.Load(in scale), a0);
        a1 = TOps.MultiplyAdd(s1, TOps.Load(in Unsafe.Add(ref scale, lanes)), a1);
        a2 = TOps.MultiplyAdd(s2, TOps.Load(in Unsafe.Add(ref scale, 2 * lanes)), a2);
        a3 = TOps.MultiplyAdd(s3, TOps.Load(in Unsafe.Add(ref scale, 3 * lanes)), a3);
    }

    /// <summary>a_g += Σ_k panel[k][g] · v[k] for 3 gates (panel stride 3 vectors per column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accumulate3<TOps, TVec, TFormat, TElement>(ref TElement panel, ref float scale, ref float v, int count, ref TVec a0, ref TVec a1, ref TVec a2)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        if (TFormat.Paired)
        {
            PairedPanelDot.Sum3<TOps, TVec, TFormat, TElement>(ref panel, ref v, count, ref a0, ref a1, ref a2);
            return;
        }

        if (!TFormat.Scaled)
        {
            Sum3<TOps, TVec, TFormat, TElement>(ref panel, ref v, count, ref a0, ref a1, ref a2);
            return;
        }

        int lanes = TOps.Lanes;
        TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero;
        Sum3<TOps, TVec, TFormat, TElement>(ref panel, ref v, count, ref s0, ref s1, ref s2);
        a0 = TOps.MultiplyAdd(s0, TOps.Load(in scale), a0);
        a1 = TOps.MultiplyAdd(s1, TOps.Load(in Unsafe.Add(ref scale, lanes)), a1);
        a2 = TOps.MultiplyAdd(s2, TOps.Load(in Unsafe.Add(ref scale, 2 * lanes)), a2);
    }

    /// <summary>a += Σ_k panel[k · stride] · v[k] for the panel's first gate; four accumulators over consecutive columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accumulate1<TOps, TVec, TFormat, TElement>(ref TElement panel, ref float scale, int stride, ref float v, int count, ref TVec a)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
        => Accumulate1<TOps, TVec, TFormat, TElement>(ref panel, 0, ref scale, stride, ref v, count, ref a);

    /// <summary>
    /// a += Σ_k panel[k · stride + gateOffset] · v[k] for one gate of a block (<paramref name="panel"/> is the block's
    /// start, <paramref name="gateOffset"/> the gate's plain offset g·L; <paramref name="scale"/> that gate's scales).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accumulate1<TOps, TVec, TFormat, TElement>(ref TElement panel, int gateOffset, ref float scale, int stride, ref float v, int count, ref TVec a)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        if (TFormat.Paired)
        {
            PairedPanelDot.Sum1<TOps, TVec, TFormat, TElement>(ref panel, gateOffset, stride, ref v, count, ref a);
            return;
        }

        if (!TFormat.Scaled)
        {
            Sum1<TOps, TVec, TFormat, TElement>(ref Unsafe.Add(ref panel, gateOffset), stride, ref v, count, ref a);
            return;
        }

        TVec s = TOps.Zero;
        Sum1<TOps, TVec, TFormat, TElement>(ref Unsafe.Add(ref panel, gateOffset), stride, ref v, count, ref s);
        a = TOps.MultiplyAdd(s, TOps.Load(in scale), a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sum4<TOps, TVec, TFormat, TElement>(ref TElement panel, ref float v, int count, ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        int lanes = TOps.Lanes;
        int stride = 4 * lanes;
        TVec b0 = TOps.Zero, b1 = TOps.Zero, b2 = TOps.Zero, b3 = TOps.Zero;
        int k = 0;
        for (; k + 1 < count; k += 2)
        {
            ref TElement p = ref Unsafe.Add(ref panel, k * stride);
            TVec v0 = TOps.Broadcast(Unsafe.Add(ref v, k));
            TVec v1 = TOps.Broadcast(Unsafe.Add(ref v, k + 1));
            a0 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in p), v0, a0);
            a1 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, lanes)), v0, a1);
            a2 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 2 * lanes)), v0, a2);
            a3 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 3 * lanes)), v0, a3);
            b0 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, stride)), v1, b0);
            b1 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, stride + lanes)), v1, b1);
            b2 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, stride + 2 * lanes)), v1, b2);
            b3 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, stride + 3 * lanes)), v1, b3);
        }

        if (k < count)
        {
            ref TElement p = ref Unsafe.Add(ref panel, k * stride);
            TVec v0 = TOps.Broadcast(Unsafe.Add(ref v, k));
            a0 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in p), v0, a0);
            a1 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, lanes)), v0, a1);
            a2 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 2 * lanes)), v0, a2);
            a3 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 3 * lanes)), v0, a3);
        }

        a0 = TOps.Add(a0, b0);
        a1 = TOps.Add(a1, b1);
        a2 = TOps.Add(a2, b2);
        a3 = TOps.Add(a3, b3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sum3<TOps, TVec, TFormat, TElement>(ref TElement panel, ref float v, int count, ref TVec a0, ref TVec a1, ref TVec a2)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        int lanes = TOps.Lanes;
        int stride = 3 * lanes;
        TVec b0 = TOps.Zero, b1 = TOps.Zero, b2 = TOps.Zero;
        int k = 0;
        for (; k + 1 < count; k += 2)
        {
            ref TElement p = ref Unsafe.Add(ref panel, k * stride);
            TVec v0 = TOps.Broadcast(Unsafe.Add(ref v, k));
            TVec v1 = TOps.Broadcast(Unsafe.Add(ref v, k + 1));
            a0 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in p), v0, a0);
            a1 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, lanes)), v0, a1);
            a2 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 2 * lanes)), v0, a2);
            b0 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, stride)), v1, b0);
            b1 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, stride + lanes)), v1, b1);
            b2 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, stride + 2 * lanes)), v1, b2);
        }

        if (k < count)
        {
            ref TElement p = ref Unsafe.Add(ref panel, k * stride);
            TVec v0 = TOps.Broadcast(Unsafe.Add(ref v, k));
            a0 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in p), v0, a0);
            a1 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, lanes)), v0, a1);
            a2 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 2 * lanes)), v0, a2);
        }

        a0 = TOps.Add(a0, b0);
        a1 = TOps.Add(a1, b1);
        a2 = TOps.Add(a2, b2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sum1<TOps, TVec, TFormat, TElement>(ref TElement panel, int stride, ref float v, int count, ref TVec a)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        TVec b = TOps.Zero, c = TOps.Zero, d = TOps.Zero;
        int k = 0;
        for (; k + 3 < count; k += 4)
        {
            ref TElement p = ref Unsafe.Add(ref panel, k * stride);
            a = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in p), TOps.Broadcast(Unsafe.Add(ref v, k)), a);
            b = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, stride)), TOps.Broadcast(Unsafe.Add(ref v, k + 1)), b);
            c = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 2 * stride)), TOps.Broadcast(Unsafe.Add(ref v, k + 2)), c);
            d = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 3 * stride)), TOps.Broadcast(Unsafe.Add(ref v, k + 3)), d);
        }

        for (; k < count; k++)
            a = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref panel, k * stride)), TOps.Broadcast(Unsafe.Add(ref v, k)), a);

        a = TOps.Add(TOps.Add(a, b), TOps.Add(c, d));
    }
}
