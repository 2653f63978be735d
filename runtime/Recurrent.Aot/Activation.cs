namespace Recurrent.Aot;

/// <summary>
/// Element-wise activations a cell may use for its gates, candidate and cell output: the ONNX RNN/GRU/LSTM list.
/// α and β are the cell's <c>*ActivationAlpha</c>/<c>*ActivationBeta</c> (<c>ActivationParameters</c> holds the defaults).
/// </summary>
#if NETSTANDARD2_0
// Internal in the generator, which compiles this file: a public copy there would clash with the runtime's type.
internal enum Activation
#else
public enum Activation
#endif
{
    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,
    /// <summary>max(0, min(1, α·x + β)); α = 0.2, β = 0.5 by default (Keras 2 and ONNX; Keras 3 is α = 1/6).</summary>
    HardSigmoid,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>max(0, x).</summary>
    Relu,
    /// <summary>α·x + β (α and β required).</summary>
    Affine,
    /// <summary>x for x ≥ 0, else α·x; α = 0.01 by default.</summary>
    LeakyRelu,
    /// <summary>x for x &gt; α, else 0; α = 1 by default.</summary>
    ThresholdedRelu,
    /// <summary>α·tanh(β·x) (α and β required).</summary>
    ScaledTanh,
    /// <summary>x for x ≥ 0, else α·(e^x − 1); α = 1 by default.</summary>
    Elu,
    /// <summary>x / (1 + |x|).</summary>
    Softsign,
    /// <summary>log(1 + e^x).</summary>
    Softplus,
}
