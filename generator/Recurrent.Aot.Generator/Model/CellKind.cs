namespace Recurrent.Aot.Generator.Model;

/// <summary>The recurrent cell family; gate rows follow PyTorch (LSTM i,f,g,o; GRU r,z,n).</summary>
internal enum CellKind
{
    Rnn,
    Lstm,
    Gru,
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
