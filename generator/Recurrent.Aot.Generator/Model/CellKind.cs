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
