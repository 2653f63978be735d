using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>One Elman RNN step: h' = act(W_ih x + b_ih + W_hh h + b_hh), one block of hidden units at a time.</summary>
internal static class RnnKernel
{
    /// <remarks>
    /// <c>pre</c> is empty, or the precomputed W_ih x + bias row (then <c>x</c> is ignored);
    /// <c>recurrent</c> is empty, or the precomputed W_hh h row of a batched step.
    /// </remarks>
    [SkipLocalsInit]
    public static void Step<TOps, TVec, TFormat, TElement>(PackedCell cell, ReadOnlySpan<float> x, ReadOnlySpan<float> pre, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> h, Span<float> hOut, bool backwards)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        where TFormat : struct, IWeightFormat<TElement>
        where TElement : unmanaged
    {
        CellSpec spec = cell.Spec;
        int lanes = TOps.Lanes;
        int hidden = spec.HiddenSize, inputSize = spec.InputSize;
        bool clipped = spec.Clip.HasValue;
        ActivationParameters candidateParams = cell.CandidateParameters;
        float clip = spec.Clip.GetValueOrDefault();
        ref TElement inputPanel = ref cell.InputPanel.Start<TElement>();
        ref TElement recurrentPanel = ref cell.RecurrentPanel.Start<TElement>();
        ref float inputScale = ref cell.InputPanel.Scales.Start;
        ref float recurrentScale = ref cell.RecurrentPanel.Scales.Start;
        ref float bias = ref cell.InputBias.Start;
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float hRef = ref MemoryMarshal.GetReference(h);
        bool usePre = !pre.IsEmpty, useRecurrent = !recurrent.IsEmpty;
        Span<float> tail = stackalloc float[16];

        // Ping-ponged h/hOut flip this order every step, so a step starts with the panels the last one read last (see PanelOrder).
        for (int visit = 0; visit < cell.Blocks; visit++)
        {
            int b = PanelOrder.Block(visit, cell.Blocks, backwards);
            int unit = b * lanes;
            TVec a;
            if (usePre)
            {
                a = TOps.Load(in pre[unit]);
            }
            else
            {
                a = TOps.Load(in Unsafe.Add(ref bias, unit));
                PanelDot.Accumulate1<TOps, TVec, TFormat, TElement>(ref Unsafe.Add(ref inputPanel, b * inputSize * lanes), ref Unsafe.Add(ref inputScale, unit), lanes, ref xRef, inputSize, ref a);
            }

            if (useRecurrent)
                a = TOps.Add(a, TOps.Load(in recurrent[unit]));
            else
                PanelDot.Accumulate1<TOps, TVec, TFormat, TElement>(ref Unsafe.Add(ref recurrentPanel, b * hidden * lanes), ref Unsafe.Add(ref recurrentScale, unit), lanes, ref hRef, hidden, ref a);
            if (clipped)
                a = TOps.Clip(a, clip);
            BlockIO.Store<TOps, TVec>(ActivationDispatch.Apply<TOps, TVec>(spec.CandidateActivation, candidateParams, a), hOut, unit, Math.Min(lanes, hidden - unit), tail);
        }
    }
}
