using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// One GRU step. AfterMatmul (PyTorch) is fused per block: r, z and both halves of n are accumulated,
/// activated and blended into h' in registers. BeforeMatmul (original GRU) needs r ⊙ h for every unit
/// before W_hn can be applied, so it runs in two passes over the blocks with r ⊙ h, z and W_in x in scratch.
/// </summary>
internal static class GruKernel
{
    /// <remarks>
    /// <c>pre</c> is empty, or the precomputed W_ih x + bias row (then <c>x</c> is ignored);
    /// <c>recurrent</c> is empty, or the precomputed W_hh h row of a batched step (AfterMatmul only).
    /// </remarks>
    [SkipLocalsInit]
    public static void Step<TOps, TVec, TFormat, TElement>(PackedCell cell, ReadOnlySpan<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> h, Span<float> hOut, Span<float> scratch, bool backwards)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        CellSpec spec = cell.Spec;
        int lanes = TOps.Lanes;
        int hidden = spec.HiddenSize, inputSize = spec.InputSize;
        bool resetAfter = spec.GruReset == GruResetMode.AfterMatmul;
        bool clipped = spec.Clip.HasValue;
        float clip = spec.Clip.GetValueOrDefault();
        Activation gateAct = spec.GateActivation, candidateAct = spec.CandidateActivation;
        ActivationParameters gateParams = cell.GateParameters, candidateParams = cell.CandidateParameters;

        ref TElement inputPanel = ref cell.InputPanel.Start<TElement>();
        ref TElement recurrentPanel = ref cell.RecurrentPanel.Start<TElement>();
        ref float inputScale = ref cell.InputPanel.Scales.Start;
        ref float recurrentScale = ref cell.RecurrentPanel.Scales.Start;
        ref float bias = ref cell.InputBias.Start;
        ref float candidateBias = ref cell.CandidateBias.Start;
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float preRef = ref MemoryMarshal.GetReference(pre);
        ref float hRef = ref MemoryMarshal.GetReference(h);
        ref float recurrentRef = ref MemoryMarshal.GetReference(recurrent);
        bool usePre = !pre.IsEmpty, useRecurrent = !recurrent.IsEmpty;
        Span<float> tail = stackalloc float[16];
        int padded = cell.Blocks * lanes;

        // Ping-ponged h/hOut flip this order every step, so a step starts with the panels the last one read last (see PanelOrder).
        for (int visit = 0; visit < cell.Blocks; visit++)
        {
            int b = PanelOrder.Block(visit, cell.Blocks, backwards);
            int unit = b * lanes;
            int valid = Math.Min(lanes, hidden - unit);
            TVec ar, az, anx;
            if (usePre)
            {
                ref float row = ref Unsafe.Add(ref preRef, b * 3 * lanes);
                ar = TOps.Load(in row);
                az = TOps.Load(in Unsafe.Add(ref row, lanes));
                anx = TOps.Load(in Unsafe.Add(ref row, 2 * lanes));
            }
            else
            {
                ref float row = ref Unsafe.Add(ref bias, b * 3 * lanes);
                ar = TOps.Load(in row);
                az = TOps.Load(in Unsafe.Add(ref row, lanes));
                anx = TOps.Load(in Unsafe.Add(ref row, 2 * lanes));
                PanelDot.Accumulate3<TOps, TVec, TFormat, TElement>(ref Unsafe.Add(ref inputPanel, b * inputSize * 3 * lanes), ref Unsafe.Add(ref inputScale, b * 3 * lanes), ref xRef, inputSize, ref ar, ref az, ref anx);
            }

            // W_hn h + b_hn. In BeforeMatmul mode this product is not used (n needs W_hn (r ⊙ h)); computing
            // it anyway keeps one panel walk for all three gates.
            TVec anh = TOps.Load(in Unsafe.Add(ref candidateBias, unit));
            if (useRecurrent)
            {
                ref float row = ref Unsafe.Add(ref recurrentRef, b * 3 * lanes);
                ar = TOps.Add(ar, TOps.Load(in row));
                az = TOps.Add(az, TOps.Load(in Unsafe.Add(ref row, lanes)));
                anh = TOps.Add(anh, TOps.Load(in Unsafe.Add(ref row, 2 * lanes)));
            }
            else
            {
                PanelDot.Accumulate3<TOps, TVec, TFormat, TElement>(ref Unsafe.Add(ref recurrentPanel, b * hidden * 3 * lanes), ref Unsafe.Add(ref recurrentScale, b * 3 * lanes), ref hRef, hidden, ref ar, ref az, ref anh);
            }
            if (clipped)
            {
                ar = TOps.Clip(ar, clip);
                az = TOps.Clip(az, clip);
            }

            TVec r = ActivationDispatch.Apply<TOps, TVec>(gateAct, gateParams, ar);
            TVec z = ActivationDispatch.Apply<TOps, TVec>(gateAct, gateParams, az);
            TVec hPrev = BlockIO.Load<TOps, TVec>(h, unit, valid, tail);
            if (resetAfter)
            {
                TVec an = TOps.MultiplyAdd(r, anh, anx);
                if (clipped)
                    an = TOps.Clip(an, clip);
                TVec n = ActivationDispatch.Apply<TOps, TVec>(candidateAct, candidateParams, an);
                BlockIO.Store<TOps, TVec>(TOps.MultiplyAdd(z, TOps.Subtract(hPrev, n), n), hOut, unit, valid, tail);
            }
            else
            {
                TOps.Store(TOps.Multiply(r, hPrev), ref scratch[unit]);
                TOps.Store(z, ref scratch[padded + unit]);
                TOps.Store(anx, ref scratch[2 * padded + unit]);
            }
        }

        if (!resetAfter)
            CandidateBeforeReset<TOps, TVec, TFormat, TElement>(cell, h, hOut, scratch, tail, backwards);
    }

    /// <summary>Second pass of BeforeMatmul, blocks in the first pass's order: n = act(W_in x + b_in + W_hn (r ⊙ h) + b_hn), h' = (1 − z) n + z h.</summary>
    private static void CandidateBeforeReset<TOps, TVec, TFormat, TElement>(PackedCell cell, ReadOnlySpan<float> h, Span<float> hOut, Span<float> scratch, Span<float> tail, bool backwards)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        CellSpec spec = cell.Spec;
        int lanes = TOps.Lanes;
        int hidden = spec.HiddenSize;
        int padded = cell.Blocks * lanes;
        bool clipped = spec.Clip.HasValue;
        float clip = spec.Clip.GetValueOrDefault();
        ref TElement recurrentPanel = ref cell.RecurrentPanel.Start<TElement>();
        ref float recurrentScale = ref cell.RecurrentPanel.Scales.Start;
        ref float candidateBias = ref cell.CandidateBias.Start;
        ref float resetHidden = ref MemoryMarshal.GetReference(scratch);
        ActivationParameters candidateParams = cell.CandidateParameters;
        for (int visit = 0; visit < cell.Blocks; visit++)
        {
            int b = PanelOrder.Block(visit, cell.Blocks, backwards);
            int unit = b * lanes;
            int valid = Math.Min(lanes, hidden - unit);
            TVec an = TOps.Add(TOps.Load(in scratch[2 * padded + unit]), TOps.Load(in Unsafe.Add(ref candidateBias, unit)));
            ref TElement block = ref Unsafe.Add(ref recurrentPanel, b * hidden * 3 * lanes);
            PanelDot.Accumulate1<TOps, TVec, TFormat, TElement>(ref block, 2 * lanes, ref Unsafe.Add(ref recurrentScale, (b * 3 + 2) * lanes), 3 * lanes, ref resetHidden, hidden, ref an);
            if (clipped)
                an = TOps.Clip(an, clip);
            TVec n = ActivationDispatch.Apply<TOps, TVec>(spec.CandidateActivation, candidateParams, an);
            TVec z = TOps.Load(in scratch[padded + unit]);
            TVec hPrev = BlockIO.Load<TOps, TVec>(h, unit, valid, tail);
            BlockIO.Store<TOps, TVec>(TOps.MultiplyAdd(z, TOps.Subtract(hPrev, n), n), hOut, unit, valid, tail);
        }
    }
}
