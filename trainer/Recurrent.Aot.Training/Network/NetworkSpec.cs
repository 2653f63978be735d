using Recurrent.Aot.Training.Cells;

namespace Recurrent.Aot.Training.Network;

/// <summary>Which steps the head reads: every step (N→N) or each sequence's last valid step (N→1).</summary>
public enum OutputMode
{
    EveryStep,
    LastStep,
}

/// <summary>The architecture of a trainable network: stacked, optionally bidirectional recurrent layers and an optional dense head.</summary>
public sealed record NetworkSpec
{
    public NetworkSpec(CellKind cell, int inputSize, int hiddenSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        Cell = cell;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    public CellKind Cell { get; }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int Layers { get; init; } = 1;

    public bool Bidirectional { get; init; }

    public int ProjSize { get; init; }

    public bool Peepholes { get; init; }

    /// <summary>RNN only: the Elman activation (PyTorch <c>nonlinearity</c>), Tanh or Relu; metadata <c>recurrent.nonlinearity</c>.</summary>
    public Activation Nonlinearity { get; init; } = Activation.Tanh;

    public GruResetMode GruReset { get; init; } = GruResetMode.AfterMatmul;

    /// <summary>LSTM gates i, f, o and GRU gates r, z (Keras <c>recurrent_activation</c>); metadata <c>recurrent.gate_activation</c>.</summary>
    public Activation GateActivation { get; init; } = Activation.Sigmoid;

    /// <summary>LSTM candidate g and GRU candidate n; metadata <c>recurrent.candidate_activation</c>. An RNN uses <see cref="Nonlinearity"/>.</summary>
    public Activation CandidateActivation { get; init; } = Activation.Tanh;

    /// <summary>LSTM only: h in h' = o ⊙ h(c'); metadata <c>recurrent.cell_activation</c>.</summary>
    /// <remarks>Keras <c>LSTM(activation='relu')</c> sets both this and <see cref="CandidateActivation"/>; <c>GRU(activation='relu')</c> only the candidate.</remarks>
    public Activation CellActivation { get; init; } = Activation.Tanh;

    public bool HasBias { get; init; } = true;

    /// <summary>Outputs of the dense head; 0 = no head (the network's output is the top layer's state).</summary>
    public int HeadSize { get; init; }

    /// <summary>Activation the runtime applies to the head's output (metadata <c>recurrent.head_activation</c>); training losses take the raw logits.</summary>
    public HeadActivation HeadActivation { get; init; } = HeadActivation.None;

    /// <summary>Learn h0 (and c0) as parameters shared by every sequence instead of starting from zeros.</summary>
    public bool LearnInitialState { get; init; }

    /// <summary>Name prefix of the recurrent module in the exported file (PyTorch attribute name).</summary>
    public string ModuleName { get; init; } = "rnn";

    public string HeadName { get; init; } = "head";

    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Size of each direction's hidden state (P with projection, else H).</summary>
    public int StateSize => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <summary>Features per step coming out of the top recurrent layer.</summary>
    public int RecurrentOutputSize => Directions * StateSize;

    public int OutputSize => HeadSize > 0 ? HeadSize : RecurrentOutputSize;

    public CellConfig CellConfigFor(int layer) =>
        new(Cell, layer == 0 ? InputSize : RecurrentOutputSize, HiddenSize)
        {
            ProjSize = ProjSize,
            Peepholes = Peepholes,
            Nonlinearity = Nonlinearity,
            GruReset = GruReset,
            GateActivation = GateActivation,
            CandidateActivation = CandidateActivation,
            CellActivation = CellActivation,
            HasBias = HasBias,
        };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Layers);
        ArgumentOutOfRangeException.ThrowIfNegative(HeadSize);
        if (string.IsNullOrWhiteSpace(ModuleName) || string.IsNullOrWhiteSpace(HeadName))
        {
            throw new ArgumentException("ModuleName and HeadName must be non-empty.");
        }

        CellConfigFor(0).Validate();
    }
}
