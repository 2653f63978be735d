using System.Runtime.CompilerServices;

namespace Recurrent.Aot.Kernels.Simd;

/// <summary>Applies a configured activation on any path (the switch is on a value fixed for a cell, so it predicts well).</summary>
internal static class ActivationDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<TOps, TVec>(Activation activation, TVec x)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        => activation switch
        {
            Activation.Sigmoid => TOps.Sigmoid(x),
            Activation.Tanh => TOps.Tanh(x),
            Activation.HardSigmoid => TOps.HardSigmoid(x),
            _ => TOps.Relu(x),
        };
}
