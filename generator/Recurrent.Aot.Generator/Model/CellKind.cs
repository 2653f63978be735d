namespace Recurrent.Aot.Generator.Model;

/// <summary>The recurrent cell family; gate rows follow PyTorch (LSTM i,f,g,o; GRU r,z,n).</summary>
internal enum CellKind
{
    Rnn,
    Lstm,
    Gru,
}

/// <summary>Where a GRU applies its reset gate r in the candidate n (the runtime's name for the same choice).</summary>
internal enum GruResetMode
{
    /// <summary>n = act(W_in·x + b_in + r⊙(W_hn·h + b_hn)): PyTorch, ONNX linear_before_reset=1, Keras reset_after=True.</summary>
    AfterMatmul,

    /// <summary>n = act(W_in·x + W_hn·(r⊙h) + b_n): the original GRU, ONNX default, Keras reset_after=False.</summary>
    BeforeMatmul,
}

/// <summary>Element-wise functions a gate or candidate may use (docs/file-format.md metadata).</summary>
internal enum ActivationKind
{
    Sigmoid,
    HardSigmoid,
    Tanh,
    Relu,
}

/// <summary>What the optional dense head applies after its matrix product.</summary>
internal enum HeadActivationKind
{
    None,
    Sigmoid,
    Softmax,
}

/// <summary>
/// How the embedded weight matrices are stored (<c>WeightPrecision</c> on <c>[RecurrentModel]</c>). State, biases and
/// accumulation stay float32 in every case; a reduced precision is only ever used when the declaration asks for it.
/// </summary>
internal enum WeightPrecisionKind
{
    /// <summary>4 bytes per weight, the file's values as they are (the default).</summary>
    Float32,

    /// <summary>2 bytes per weight: each rounded to bfloat16 (nearest even), widened to float32 in registers.</summary>
    BFloat16,

    /// <summary>1 byte per weight: symmetric int8 with one float32 scale per matrix row, widened and scaled in float32.</summary>
    Int8,
}
