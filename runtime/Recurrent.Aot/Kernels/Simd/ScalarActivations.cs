namespace Recurrent.Aot.Kernels.Simd;

/// <summary>The scalar definitions of the activations, shared by the scalar path and the reference.</summary>
internal static class ScalarActivations
{
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    // MathF.Min/Max propagate NaN, so NaN in gives NaN out.
    public static float HardSigmoid(float x) => MathF.Min(MathF.Max(0.2f * x + 0.5f, 0f), 1f);

    public static float Relu(float x) => MathF.Max(x, 0f);

    public static float Apply(Activation activation, float x) => activation switch
    {
        Activation.Sigmoid => Sigmoid(x),
        Activation.HardSigmoid => HardSigmoid(x),
        Activation.Tanh => MathF.Tanh(x),
        Activation.Relu => Relu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected Sigmoid, HardSigmoid, Tanh or Relu."),
    };
}
