using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// The input half of a whole sequence as one blocked matrix–matrix product, done before the recurrence:
/// out[row] = bias + W · in[row] for every row (time step × stream), in the packed [block][gate][lane]
/// layout the cell kernels read. Each weight vector loaded feeds four rows at once.
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
    {
        int lanes = TOps.Lanes;
        int stride = gates * lanes;
        int outStride = blocks * stride;
        ref TElement panelRef = ref panel.Start<TElement>();
        ref float scaleRef = ref panel.Scales.Start;
        ref float biasRef = ref bias.Start;
        ref float inRef = ref MemoryMarshal.GetReference(inputs);
        ref float outRef = ref MemoryMarshal.GetReference(output);
        for (int b = 0; b < blocks; b++)
        {
            for (int g = 0; g < gates; g++)
            {
                int gateOffset = (b * gates + g) * lanes;
                ref TElement block = ref Unsafe.Add(ref panelRef, b * columns * stride);
                ref float scale = ref Unsafe.Add(ref scaleRef, gateOffset);
                TVec biasVector = bias.Length == 0 ? TOps.Zero : TOps.Load(in Unsafe.Add(ref biasRef, gateOffset));

                // int8 rows sum Σ q·x from zero and apply their scale once, before the bias (see PanelDot).
                TVec start = TFormat.Scaled ? TOps.Zero : biasVector;
                int row = 0;
                for (; row + 3 < rows; row += 4)
                {
                    ref float x0 = ref Unsafe.Add(ref inRef, row * columns);
                    ref float x1 = ref Unsafe.Add(ref x0, columns);
                    ref float x2 = ref Unsafe.Add(ref x1, columns);
                    ref float x3 = ref Unsafe.Add(ref x2, columns);
                    TVec a0 = start, a1 = start, a2 = start, a3 = start;
                    int k = 0;
                    if (TFormat.Paired)
                    {
                        // Within a column pair the gate's words start at twice its plain offset (see PanelPacker).
                        ref TElement pairs = ref Unsafe.Add(ref block, 2 * g * lanes);
                        for (; k + 1 < columns; k += 2)
                        {
                            TFormat.LoadPair<TOps, TVec>(in Unsafe.Add(ref pairs, k * stride), out TVec we, out TVec wo);
                            FourRows<TOps, TVec>(we, k, ref x0, ref x1, ref x2, ref x3, ref a0, ref a1, ref a2, ref a3);
                            FourRows<TOps, TVec>(wo, k + 1, ref x0, ref x1, ref x2, ref x3, ref a0, ref a1, ref a2, ref a3);
                        }
                    }

                    for (; k < columns; k++)
                    {
                        TVec wk = TFormat.Load<TOps, TVec>(in Unsafe.Add(ref block, k * stride + g * lanes));
                        FourRows<TOps, TVec>(wk, k, ref x0, ref x1, ref x2, ref x3, ref a0, ref a1, ref a2, ref a3);
                    }

                    if (TFormat.Scaled)
                    {
                        TVec s = TOps.Load(in scale);
                        a0 = TOps.MultiplyAdd(a0, s, biasVector);
                        a1 = TOps.MultiplyAdd(a1, s, biasVector);
                        a2 = TOps.MultiplyAdd(a2, s, biasVector);
                        a3 = TOps.MultiplyAdd(a3, s, biasVector);
                    }

                    ref float o = ref Unsafe.Add(ref outRef, row * outStride + gateOffset);
                    TOps.Store(a0, ref o);
                    TOps.Store(a1, ref Unsafe.Add(ref o, outStride));
                    TOps.Store(a2, ref Unsafe.Add(ref o, 2 * outStride));
                    TOps.Store(a3, ref Unsafe.Add(ref o, 3 * outStride));
                }

                for (; row < rows; row++)
                {
                    TVec a = biasVector;
                    PanelDot.Accumulate1<TOps, TVec, TFormat, TElement>(ref block, g * lanes, ref scale, stride, ref Unsafe.Add(ref inRef, row * columns), columns, ref a);
                    TOps.Store(a, ref Unsafe.Add(ref outRef, row * outStride + gateOffset));
                }
            }
        }
    }

    /// <summary>a_r += w · x_r[k] for four rows sharing one weight vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRows<TOps, TVec>(TVec w, int k, ref float x0, ref float x1, ref float x2, ref float x3, ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
    {
        a0 = TOps.MultiplyAdd(w, TOps.Broadcast(Unsafe.Add(ref x0, k)), a0);
        a1 = TOps.MultiplyAdd(w, TOps.Broadcast(Unsafe.Add(ref x1, k)), a1);
        a2 = TOps.MultiplyAdd(w, TOps.Broadcast(Unsafe.Add(ref x2, k)), a2);
        a3 = TOps.MultiplyAdd(w, TOps.Broadcast(Unsafe.Add(ref x3, k)), a3);
    }
}
