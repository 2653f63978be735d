using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// One LSTM step, block by block: the four gate accumulators of a block of hidden units are filled by
/// broadcast-FMA over [x; h], then activated and turned into c' and h' while still in registers (no
/// gates buffer). With a projection, o ⊙ h(c') goes to scratch and W_hr maps it to h'.
/// </summary>
internal static class LstmKernel
{
    /// <remarks>
    /// <c>pre</c> is empty, or the precomputed W_ih x + bias row (then <c>x</c> is ignored);
    /// <c>recurrent</c> is empty, or the precomputed W_hh h row of a batched step (then the panel walk over h is skipped).
    /// </remarks>
    [SkipLocalsInit]
    public static void Step<TOps, TVec, TFormat, TElement>(PackedCell cell, ReadOnlySpan<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hOut, Span<float> cOut, Span<float> scratch, bool backwards)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        CellSpec spec = cell.Spec;
        int lanes = TOps.Lanes;
        int hidden = spec.HiddenSize, inputSize = spec.InputSize, outputSize = spec.OutputSize;
        bool projected = spec.ProjSize > 0, peepholes = spec.Peepholes, inputForget = spec.InputForget;
        bool clipped = spec.Clip.HasValue;
        float clip = spec.Clip.GetValueOrDefault();
        Activation gateAct = spec.GateActivation, candidateAct = spec.CandidateActivation, cellAct = spec.CellActivation;
        ActivationParameters gateParams = cell.GateParameters, candidateParams = cell.CandidateParameters, cellParams = cell.CellParameters;

        ref TElement inputPanel = ref cell.InputPanel.Start<TElement>();
        ref TElement recurrentPanel = ref cell.RecurrentPanel.Start<TElement>();
        ref float inputScale = ref cell.InputPanel.Scales.Start;
        ref float recurrentScale = ref cell.RecurrentPanel.Scales.Start;
        ref float bias = ref cell.InputBias.Start;
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float preRef = ref MemoryMarshal.GetReference(pre);
        ref float hRef = ref MemoryMarshal.GetReference(h);
        ref float recurrentRef = ref MemoryMarshal.GetReference(recurrent);
        bool usePre = !pre.IsEmpty, useRecurrent = !recurrent.IsEmpty;
        Span<float> tail = stackalloc float[16];

        // Ping-ponged h/hOut flip this order every step, so a step starts with the panels the last one read last (see PanelOrder).
        for (int visit = 0; visit < cell.Blocks; visit++)
        {
            int b = PanelOrder.Block(visit, cell.Blocks, backwards);
            int unit = b * lanes;
            int valid = Math.Min(lanes, hidden - unit);
            TVec ai, af, ag, ao;
            if (usePre)
            {
                ref float row = ref Unsafe.Add(ref preRef, b * 4 * lanes);
                ai = TOps.Load(in row);
                af = TOps.Load(in Unsafe.Add(ref row, lanes));
                ag = TOps.Load(in Unsafe.Add(ref row, 2 * lanes));
                ao = TOps.Load(in Unsafe.Add(ref row, 3 * lanes));
            }
            else
            {
                ref float row = ref Unsafe.Add(ref bias, b * 4 * lanes);
                ai = TOps.Load(in row);
                af = TOps.Load(in Unsafe.Add(ref row, lanes));
                ag = TOps.Load(in Unsafe.Add(ref row, 2 * lanes));
                ao = TOps.Load(in Unsafe.Add(ref row, 3 * lanes));
                PanelDot.Accumulate4<TOps, TVec, TFormat, TElement>(ref Unsafe.Add(ref inputPanel, b * inputSize * 4 * lanes), ref Unsafe.Add(ref inputScale, b * 4 * lanes), ref xRef, inputSize, ref ai, ref af, ref ag, ref ao);
            }

            if (useRecurrent)
            {
                ref float row = ref Unsafe.Add(ref recurrentRef, b * 4 * lanes);
                ai = TOps.Add(ai, TOps.Load(in row));
                af = TOps.Add(af, TOps.Load(in Unsafe.Add(ref row, lanes)));
                ag = TOps.Add(ag, TOps.Load(in Unsafe.Add(ref row, 2 * lanes)));
                ao = TOps.Add(ao, TOps.Load(in Unsafe.Add(ref row, 3 * lanes)));
            }
            else
            {
                PanelDot.Accumulate4<TOps, TVec, TFormat, TElement>(ref Unsafe.Add(ref recurrentPanel, b * outputSize * 4 * lanes), ref Unsafe.Add(ref recurrentScale, b * 4 * lanes), ref hRef, outputSize, ref ai, ref af, ref ag, ref ao);
            }

            TVec cPrev = BlockIO.Load<TOps, TVec>(c, unit, valid, tail);
            if (peepholes)
            {
                ref float peep = ref cell.PeepholeWeights.Start;
                ai = TOps.MultiplyAdd(TOps.Load(in Unsafe.Add(ref peep, b * 3 * lanes)), cPrev, ai);
                af = TOps.MultiplyAdd(TOps.Load(in Unsafe.Add(ref peep, (b * 3 + 1) * lanes)), cPrev, af);
            }

            if (clipped)
            {
                ai = TOps.Clip(ai, clip);
                af = TOps.Clip(af, clip);
                ag = TOps.Clip(ag, clip);
            }

            TVec i = ActivationDispatch.Apply<TOps, TVec>(gateAct, gateParams, ai);
            TVec f = inputForget ? TOps.Subtract(TOps.Broadcast(1f), i) : ActivationDispatch.Apply<TOps, TVec>(gateAct, gateParams, af);
            TVec g = ActivationDispatch.Apply<TOps, TVec>(candidateAct, candidateParams, ag);
            TVec cNew = TOps.MultiplyAdd(f, cPrev, TOps.Multiply(i, g));

            if (peepholes)
            {
                ref float peep = ref cell.PeepholeWeights.Start;
                ao = TOps.MultiplyAdd(TOps.Load(in Unsafe.Add(ref peep, (b * 3 + 2) * lanes)), cNew, ao);
            }

            if (clipped)
                ao = TOps.Clip(ao, clip);

            TVec o = ActivationDispatch.Apply<TOps, TVec>(gateAct, gateParams, ao);
            TVec hNew = TOps.Multiply(o, ActivationDispatch.Apply<TOps, TVec>(cellAct, cellParams, cNew));
            BlockIO.Store<TOps, TVec>(cNew, cOut, unit, valid, tail);
            if (projected)
                TOps.Store(hNew, ref scratch[unit]);
            else
                BlockIO.Store<TOps, TVec>(hNew, hOut, unit, valid, tail);
        }

        if (projected)
            Project<TOps, TVec, TFormat, TElement>(cell, scratch, hOut, tail, backwards);
    }

    /// <summary>h' = W_hr m, m = o ⊙ h(c') held in scratch (H floats, padded to whole blocks); W_hr's blocks in the step's order.</summary>
    private static void Project<TOps, TVec, TFormat, TElement>(PackedCell cell, ReadOnlySpan<float> gated, Span<float> hOut, Span<float> tail, bool backwards)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        int lanes = TOps.Lanes;
        int hidden = cell.Spec.HiddenSize, projSize = cell.Spec.ProjSize;
        ref TElement panel = ref cell.ProjectionPanel.Start<TElement>();
        ref float scale = ref cell.ProjectionPanel.Scales.Start;
        ref float m = ref MemoryMarshal.GetReference(gated);
        for (int visit = 0; visit < cell.ProjectionBlocks; visit++)
        {
            int b = PanelOrder.Block(visit, cell.ProjectionBlocks, backwards);
            TVec acc = TOps.Zero;
            PanelDot.Accumulate1<TOps, TVec, TFormat, TElement>(ref Unsafe.Add(ref panel, b * hidden * lanes), ref Unsafe.Add(ref scale, b * lanes), lanes, ref m, hidden, ref acc);
            int unit = b * lanes;
            BlockIO.Store<TOps, TVec>(acc, hOut, unit, Math.Min(lanes, projSize - unit), tail);
        }
    }
}
