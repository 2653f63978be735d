using System.Runtime.CompilerServices;

namespace Recurrent.Aot.Kernels.Simd;

/// <summary>Applies a configured activation on any path (the switch is on a value fixed for a cell, so it predicts well).</summary>
internal static class ActivationDispatch
{
    /// <summary>
    /// Sigmoid, tanh, relu, hard_sigmoid, affine and scaled_tanh run as vectors; the rarer ONNX activations lane by
    /// lane through their scalar definitions (<see cref="ScalarActivations"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<TOps, TVec>(Activation activation, ActivationParameters parameters, TVec x)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        => activation switch
        {
            Activation.Sigmoid => TOps.Sigmoid(x),
            Activation.Tanh => TOps.Tanh(x),
            Activation.HardSigmoid => TOps.HardSigmoid(x, parameters.Alpha, parameters.Beta),
            Activation.Relu => TOps.Relu(x),
            Activation.Affine => TOps.MultiplyAdd(TOps.Broadcast(parameters.Alpha), x, TOps.Broadcast(parameters.Beta)),
            Activation.ScaledTanh => TOps.Multiply(TOps.Broadcast(parameters.Alpha), TOps.Tanh(TOps.Multiply(TOps.Broadcast(parameters.Beta), x))),
            _ => TOps.PerLane(x, activation, parameters),
        };
}
