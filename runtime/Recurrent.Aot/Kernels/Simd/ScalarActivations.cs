namespace Recurrent.Aot.Kernels.Simd;

/// <summary>The scalar definitions of the activations, shared by the scalar path, the vector paths' per-lane activations and the reference.</summary>
internal static class ScalarActivations
{
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    // MathF.Min/Max propagate NaN, so NaN in gives NaN out.
    public static float HardSigmoid(float x) => HardSigmoid(x, 0.2f, 0.5f);

    public static float HardSigmoid(float x, float alpha, float beta) => MathF.Min(MathF.Max(MathF.FusedMultiplyAdd(alpha, x, beta), 0f), 1f);

    public static float Relu(float x) => MathF.Max(x, 0f);

    public static float LeakyRelu(float x, float alpha) => x >= 0f || float.IsNaN(x) ? x : alpha * x;

    public static float ThresholdedRelu(float x, float alpha) => x > alpha || float.IsNaN(x) ? x : 0f;

    public static float Elu(float x, float alpha) => x >= 0f || float.IsNaN(x) ? x : alpha * (MathF.Exp(x) - 1f);

    public static float Softsign(float x) => x / (1f + MathF.Abs(x));

    // max(x, 0) + log(1 + e^-|x|): e^x never overflows, and large x gives x exactly.
    public static float Softplus(float x) => MathF.Max(x, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));

    /// <summary>Activations without parameters (α and β at their defaults for hard_sigmoid).</summary>
    public static float Apply(Activation activation, float x) => Apply(activation, ActivationParameters.Resolve(activation, null, null, "Activation"), x);

    public static float Apply(Activation activation, ActivationParameters p, float x) => activation switch
    {
        Activation.Sigmoid => Sigmoid(x),
        Activation.HardSigmoid => HardSigmoid(x, p.Alpha, p.Beta),
        Activation.Tanh => MathF.Tanh(x),
        Activation.Relu => Relu(x),
        Activation.Affine => MathF.FusedMultiplyAdd(p.Alpha, x, p.Beta),
        Activation.LeakyRelu => LeakyRelu(x, p.Alpha),
        Activation.ThresholdedRelu => ThresholdedRelu(x, p.Alpha),
        Activation.ScaledTanh => p.Alpha * MathF.Tanh(p.Beta * x),
        Activation.Elu => Elu(x, p.Alpha),
        Activation.Softsign => Softsign(x),
        Activation.Softplus => Softplus(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected an Activation value."),
    };
}
