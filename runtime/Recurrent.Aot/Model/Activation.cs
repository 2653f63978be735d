namespace Recurrent.Aot;

/// <summary>Element-wise activations a cell may use for its gates, candidate and cell output.</summary>
public enum Activation
{
    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,
    /// <summary>max(0, min(1, 0.2·x + 0.5)) (Keras 2 and ONNX defaults).</summary>
    HardSigmoid,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>max(0, x).</summary>
    Relu,
}
