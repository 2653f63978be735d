namespace Recurrent.Aot.Training.Cells;

/// <summary>Shape and options of one direction of one recurrent layer.</summary>
public sealed record CellConfig
{
    public CellConfig(CellKind type, int inputSize, int hiddenSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        Type = type;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    public CellKind Type { get; }

    public int InputSize { get; init; }

    public int HiddenSize { get; }

    /// <summary>LSTM projection size P (0 = none); the hidden state then has P values.</summary>
    public int ProjSize { get; init; }

    /// <summary>LSTM peephole connections (i, f see c; o sees c').</summary>
    public bool Peepholes { get; init; }

    /// <summary>RNN only: the Elman activation (PyTorch <c>nonlinearity</c>), <see cref="Activation.Tanh"/> or <see cref="Activation.Relu"/>.</summary>
    public Activation Nonlinearity { get; init; } = Activation.Tanh;

    public GruResetMode GruReset { get; init; } = GruResetMode.AfterMatmul;

    /// <summary>Activation of the LSTM gates i, f, o and the GRU gates r, z (Keras <c>recurrent_activation</c>, ONNX f).</summary>
    public Activation GateActivation { get; init; } = Activation.Sigmoid;

    /// <summary>Activation of the LSTM candidate g and the GRU candidate n (Keras <c>activation</c>, ONNX g). An RNN uses <see cref="Nonlinearity"/>.</summary>
    public Activation CandidateActivation { get; init; } = Activation.Tanh;

    /// <summary>LSTM only: h in h' = o ⊙ h(c') (Keras <c>activation</c> too, ONNX h).</summary>
    public Activation CellActivation { get; init; } = Activation.Tanh;

    public bool HasBias { get; init; } = true;

    /// <summary>Gate rows per hidden unit: 4 (LSTM), 3 (GRU), 1 (RNN).</summary>
    public int GateCount => Type switch
    {
        CellKind.Lstm => 4,
        CellKind.Gru => 3,
        _ => 1,
    };

    /// <summary>Size of the hidden state h (P with projection, else H).</summary>
    public int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    internal void Validate()
    {
        if (Type != CellKind.Lstm && (ProjSize != 0 || Peepholes))
        {
            throw new ArgumentException($"Projection and peepholes are LSTM options; the cell is {Type}.");
        }

        if (Nonlinearity is not (Activation.Tanh or Activation.Relu))
        {
            throw new ArgumentException($"Nonlinearity must be Tanh or Relu (PyTorch's RNN nonlinearities, the ones the trainer trains), got {Nonlinearity}.");
        }

        CheckActivation(GateActivation, nameof(GateActivation));
        CheckActivation(CandidateActivation, nameof(CandidateActivation));
        CheckActivation(CellActivation, nameof(CellActivation));
        if (Type == CellKind.Rnn && GateActivation != Activation.Sigmoid)
        {
            throw new ArgumentException($"An RNN has no gates, so no gate activation; got {CellActivations.Name(GateActivation)}.");
        }

        if (Type == CellKind.Rnn && CandidateActivation != Activation.Tanh)
        {
            throw new ArgumentException($"An RNN's activation is its Nonlinearity (tanh or relu), not a candidate activation; got {CellActivations.Name(CandidateActivation)}.");
        }

        if (Type != CellKind.Lstm && CellActivation != Activation.Tanh)
        {
            throw new ArgumentException($"The cell activation (h' = o ⊙ h(c')) is an LSTM option; the cell is {Type}, got {CellActivations.Name(CellActivation)}.");
        }

        if (ProjSize < 0 || ProjSize >= HiddenSize && ProjSize != 0)
        {
            throw new ArgumentException($"ProjSize must be 0 or between 1 and HiddenSize - 1 ({HiddenSize - 1}), got {ProjSize}.");
        }
    }

    private static void CheckActivation(Activation activation, string name)
    {
        // The runtime runs the whole ONNX list; the trainer has derivatives for these four.
        if (activation is not (Activation.Sigmoid or Activation.HardSigmoid or Activation.Tanh or Activation.Relu))
        {
            throw new ArgumentException($"{name} must be Sigmoid, HardSigmoid, Tanh or Relu (the activations the trainer trains), got {activation}.");
        }
    }
}
