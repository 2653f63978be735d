using System.Runtime.CompilerServices;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// <see cref="PanelDot"/>'s walks over a paired panel (see <c>PanelPacker</c>): one full-width load per gate gives the
/// vectors of two consecutive columns. Every accumulator receives the same columns in the same order as the plain
/// walk, so the sums are the same bit for bit. A paired format is unscaled (bfloat16), so no scale is applied here.
/// </summary>
internal static class PairedPanelDot
{
    /// <summary>a_g += Σ_k panel[k][g] · v[k] for 4 gates: even columns into a, odd ones into a second set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sum4<TOps, TVec, TFormat, TElement>(ref TElement panel, ref float v, int count, ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        int lanes = TOps.Lanes;
        int stride = 4 * lanes;

        // Locals, not the caller's variables, carry the sums through the loop: walking through the refs let the
        // register allocator keep one of the caller's accumulators in its stack slot, a store and a reload per column pair.
        TVec c0 = a0, c1 = a1, c2 = a2, c3 = a3;
        TVec b0 = TOps.Zero, b1 = TOps.Zero, b2 = TOps.Zero, b3 = TOps.Zero;
        int k = 0;
        for (; k + 1 < count; k += 2)
        {
            ref TElement p = ref Unsafe.Add(ref panel, k * stride);
            TVec v0 = TOps.Broadcast(Unsafe.Add(ref v, k));
            TVec v1 = TOps.Broadcast(Unsafe.Add(ref v, k + 1));
            TFormat.LoadPair<TOps, TVec>(in p, out TVec e0, out TVec o0);
            TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref p, 2 * lanes), out TVec e1, out TVec o1);
            TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref p, 4 * lanes), out TVec e2, out TVec o2);
            TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref p, 6 * lanes), out TVec e3, out TVec o3);
            c0 = TOps.MultiplyAdd(e0, v0, c0);
            c1 = TOps.MultiplyAdd(e1, v0, c1);
            c2 = TOps.MultiplyAdd(e2, v0, c2);
            c3 = TOps.MultiplyAdd(e3, v0, c3);
            b0 = TOps.MultiplyAdd(o0, v1, b0);
            b1 = TOps.MultiplyAdd(o1, v1, b1);
            b2 = TOps.MultiplyAdd(o2, v1, b2);
            b3 = TOps.MultiplyAdd(o3, v1, b3);
        }

        if (k < count)
        {
            // The last column of an odd count is not paired: plain layout.
            ref TElement p = ref Unsafe.Add(ref panel, k * stride);
            TVec v0 = TOps.Broadcast(Unsafe.Add(ref v, k));
            c0 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in p), v0, c0);
            c1 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, lanes)), v0, c1);
            c2 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 2 * lanes)), v0, c2);
            c3 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 3 * lanes)), v0, c3);
        }

        a0 = TOps.Add(c0, b0);
        a1 = TOps.Add(c1, b1);
        a2 = TOps.Add(c2, b2);
        a3 = TOps.Add(c3, b3);
    }

    /// <summary>a_g += Σ_k panel[k][g] · v[k] for 3 gates: even columns into a, odd ones into a second set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sum3<TOps, TVec, TFormat, TElement>(ref TElement panel, ref float v, int count, ref TVec a0, ref TVec a1, ref TVec a2)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        int lanes = TOps.Lanes;
        int stride = 3 * lanes;
        TVec c0 = a0, c1 = a1, c2 = a2;
        TVec b0 = TOps.Zero, b1 = TOps.Zero, b2 = TOps.Zero;
        int k = 0;
        for (; k + 1 < count; k += 2)
        {
            ref TElement p = ref Unsafe.Add(ref panel, k * stride);
            TVec v0 = TOps.Broadcast(Unsafe.Add(ref v, k));
            TVec v1 = TOps.Broadcast(Unsafe.Add(ref v, k + 1));
            TFormat.LoadPair<TOps, TVec>(in p, out TVec e0, out TVec o0);
            TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref p, 2 * lanes), out TVec e1, out TVec o1);
            TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref p, 4 * lanes), out TVec e2, out TVec o2);
            c0 = TOps.MultiplyAdd(e0, v0, c0);
            c1 = TOps.MultiplyAdd(e1, v0, c1);
            c2 = TOps.MultiplyAdd(e2, v0, c2);
            b0 = TOps.MultiplyAdd(o0, v1, b0);
            b1 = TOps.MultiplyAdd(o1, v1, b1);
            b2 = TOps.MultiplyAdd(o2, v1, b2);
        }

        if (k < count)
        {
            ref TElement p = ref Unsafe.Add(ref panel, k * stride);
            TVec v0 = TOps.Broadcast(Unsafe.Add(ref v, k));
            c0 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in p), v0, c0);
            c1 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, lanes)), v0, c1);
            c2 = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref p, 2 * lanes)), v0, c2);
        }

        a0 = TOps.Add(c0, b0);
        a1 = TOps.Add(c1, b1);
        a2 = TOps.Add(c2, b2);
    }

    /// <summary>
    /// a += Σ_k panel[k][gate] · v[k] for one gate of a block (<paramref name="gateOffset"/> = g·L, its plain offset;
    /// within a pair the gate's words start at twice that). Columns k ≡ 0, 1, 2, 3 (mod 4) go to four accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sum1<TOps, TVec, TFormat, TElement>(ref TElement panel, int gateOffset, int stride, ref float v, int count, ref TVec a)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        ref TElement pairs = ref Unsafe.Add(ref panel, 2 * gateOffset);
        TVec s = a, b = TOps.Zero, c = TOps.Zero, d = TOps.Zero;
        int k = 0;
        for (; k + 3 < count; k += 4)
        {
            ref TElement p = ref Unsafe.Add(ref pairs, k * stride);
            TFormat.LoadPair<TOps, TVec>(in p, out TVec w0, out TVec w1);
            TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref p, 2 * stride), out TVec w2, out TVec w3);
            s = TOps.MultiplyAdd(w0, TOps.Broadcast(Unsafe.Add(ref v, k)), s);
            b = TOps.MultiplyAdd(w1, TOps.Broadcast(Unsafe.Add(ref v, k + 1)), b);
            c = TOps.MultiplyAdd(w2, TOps.Broadcast(Unsafe.Add(ref v, k + 2)), c);
            d = TOps.MultiplyAdd(w3, TOps.Broadcast(Unsafe.Add(ref v, k + 3)), d);
        }

        // The plain walk takes the remaining columns one by one into a; so does this one.
        for (; k + 1 < count; k += 2)
        {
            TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref pairs, k * stride), out TVec w0, out TVec w1);
            s = TOps.MultiplyAdd(w0, TOps.Broadcast(Unsafe.Add(ref v, k)), s);
            s = TOps.MultiplyAdd(w1, TOps.Broadcast(Unsafe.Add(ref v, k + 1)), s);
        }

        if (k < count)
            s = TOps.MultiplyAdd(TFormat.Load<TOps, TVec>(in Unsafe.Add(ref panel, k * stride + gateOffset)), TOps.Broadcast(Unsafe.Add(ref v, k)), s);

        a = TOps.Add(TOps.Add(s, b), TOps.Add(c, d));
    }
}
