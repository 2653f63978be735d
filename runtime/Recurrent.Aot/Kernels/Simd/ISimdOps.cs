namespace Recurrent.Aot.Kernels.Simd;

/// <summary>
/// The few vector operations the cell kernels need, implemented once per width (512, 256, 128 bits and
/// scalar). Kernels are generic over a struct implementing this, so the JIT emits one specialised copy
/// per width with every call inlined.
/// </summary>
/// <typeparam name="TVec">The vector type: Vector512&lt;float&gt;, Vector256&lt;float&gt;, Vector128&lt;float&gt; or float.</typeparam>
internal interface ISimdOps<TVec>
    where TVec : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Lanes { get; }

    static abstract TVec Zero { get; }

    static abstract TVec Load(ref readonly float source);

    static abstract void Store(TVec value, ref float destination);

    /// <summary>
    /// <see cref="Lanes"/> bfloat16 weights (raw bits) widened to float32, exactly: a bfloat16 is the upper half of a
    /// float32, so widening is a zero-extension and a shift by 16.
    /// </summary>
    static abstract TVec LoadBFloat16(ref readonly ushort source);

    /// <summary>
    /// <see cref="Lanes"/> 32-bit words, each holding one lane of two consecutive bfloat16 columns (the even column in
    /// the low half), widened exactly to the two columns' vectors: one full-width load, then a shift (low halves) and a
    /// mask (high halves). Neither is a shuffle, so the widening costs one cheap ALU operation per vector.
    /// </summary>
    static abstract void LoadBFloat16Pair(ref readonly ushort source, out TVec even, out TVec odd);

    /// <summary><see cref="Lanes"/> int8 weights sign-extended and converted to float32 (exact: |q| ≤ 128).</summary>
    static abstract TVec LoadInt8(ref readonly sbyte source);

    static abstract TVec Broadcast(float value);

    /// <summary>a · b + addend, rounded once (fused on every path, the scalar one included).</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec addend);

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Subtract(TVec a, TVec b);

    static abstract TVec Multiply(TVec a, TVec b);

    /// <summary>Clamps to [-limit, limit]; NaN stays NaN.</summary>
    static abstract TVec Clip(TVec x, float limit);

    static abstract TVec Sigmoid(TVec x);

    /// <summary>max(0, min(1, α·x + β)).</summary>
    static abstract TVec HardSigmoid(TVec x, float alpha, float beta);

    /// <summary>
    /// Any activation, lane by lane through its scalar definition: for the rare ONNX activations (leaky_relu, elu,
    /// softplus, ...) whose exactness matters more than their speed.
    /// </summary>
    static abstract TVec PerLane(TVec x, Activation activation, ActivationParameters parameters);

    static abstract TVec Tanh(TVec x);

    static abstract TVec Relu(TVec x);
}
