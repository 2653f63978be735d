namespace Recurrent.Aot;

/// <summary>The shape and options of one direction of one recurrent layer.</summary>
public sealed record CellSpec
{
    /// <summary>The cell family.</summary>
    public CellKind Kind { get; init; }

    /// <summary>Size X of one input vector.</summary>
    public int InputSize { get; init; }

    /// <summary>Size H of the hidden state (and of the LSTM cell state).</summary>
    public int HiddenSize { get; init; }

    /// <summary>LSTM projection size P (PyTorch <c>proj_size</c>); 0 means no projection.</summary>
    public int ProjSize { get; init; }

    /// <summary>Whether the cell has the bias vectors b_ih and b_hh.</summary>
    public bool HasBias { get; init; } = true;

    /// <summary>LSTM peepholes: i and f also see P_i ⊙ c and P_f ⊙ c, o sees P_o ⊙ c'.</summary>
    public bool Peepholes { get; init; }

    /// <summary>Activation of the LSTM gates i, f, o and the GRU gates r, z.</summary>
    public Activation GateActivation { get; init; } = Activation.Sigmoid;

    /// <summary>Activation of the LSTM candidate g, the GRU candidate n and the RNN output (its nonlinearity).</summary>
    public Activation CandidateActivation { get; init; } = Activation.Tanh;

    /// <summary>Activation h applied to the new cell state in h' = o ⊙ h(c') (LSTM only).</summary>
    public Activation CellActivation { get; init; } = Activation.Tanh;

    /// <summary>α of <see cref="GateActivation"/>; null for its ONNX default (see <see cref="ActivationParameters"/>).</summary>
    public float? GateActivationAlpha { get; init; }

    /// <summary>β of <see cref="GateActivation"/>; null for its ONNX default.</summary>
    public float? GateActivationBeta { get; init; }

    /// <summary>α of <see cref="CandidateActivation"/>; null for its ONNX default.</summary>
    public float? CandidateActivationAlpha { get; init; }

    /// <summary>β of <see cref="CandidateActivation"/>; null for its ONNX default.</summary>
    public float? CandidateActivationBeta { get; init; }

    /// <summary>α of <see cref="CellActivation"/>; null for its ONNX default.</summary>
    public float? CellActivationAlpha { get; init; }

    /// <summary>β of <see cref="CellActivation"/>; null for its ONNX default.</summary>
    public float? CellActivationBeta { get; init; }

    /// <summary>The α and β the gate activation runs with (defaults applied).</summary>
    public ActivationParameters GateParameters => ActivationParameters.Resolve(GateActivation, GateActivationAlpha, GateActivationBeta, "CellSpec.GateActivation");

    /// <summary>The α and β the candidate activation runs with (defaults applied).</summary>
    public ActivationParameters CandidateParameters => ActivationParameters.Resolve(CandidateActivation, CandidateActivationAlpha, CandidateActivationBeta, "CellSpec.CandidateActivation");

    /// <summary>The α and β the cell activation runs with (defaults applied).</summary>
    public ActivationParameters CellParameters => ActivationParameters.Resolve(CellActivation, CellActivationAlpha, CellActivationBeta, "CellSpec.CellActivation");

    /// <summary>Where the GRU applies its reset gate.</summary>
    public GruResetMode GruReset { get; init; } = GruResetMode.AfterMatmul;

    /// <summary>When set, every gate pre-activation is clipped to [-Clip, Clip] (ONNX <c>clip</c>).</summary>
    public float? Clip { get; init; }

    /// <summary>LSTM only: the forget gate is coupled to the input gate, f = 1 - i (ONNX <c>input_forget</c>).</summary>
    public bool InputForget { get; init; }

    /// <summary>Size of h: P with a projection, else H.</summary>
    public int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <summary>Number of gate row blocks in <c>weight_ih</c>: 4 (LSTM), 3 (GRU), 1 (RNN).</summary>
    public int GateCount => GateCountOf(Kind);

    /// <summary>Floats of cell state c per stream: H for an LSTM, 0 otherwise.</summary>
    public int CellStateSize => Kind == CellKind.Lstm ? HiddenSize : 0;

    /// <summary>The number of gate rows per hidden unit for a cell kind.</summary>
    public static int GateCountOf(CellKind kind) => kind switch
    {
        CellKind.Lstm => 4,
        CellKind.Gru => 3,
        CellKind.Rnn => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected Rnn, Lstm or Gru."),
    };

    /// <summary>Throws <see cref="ArgumentException"/> when the sizes or options do not describe a valid cell.</summary>
    public void Validate()
    {
        _ = GateCountOf(Kind);
        if (InputSize < 1)
            throw new ArgumentException($"CellSpec.InputSize must be at least 1, got {InputSize}.");
        if (HiddenSize < 1)
            throw new ArgumentException($"CellSpec.HiddenSize must be at least 1, got {HiddenSize}.");
        if (ProjSize < 0)
            throw new ArgumentException($"CellSpec.ProjSize must be 0 (none) or positive, got {ProjSize}.");
        if (ProjSize > 0 && Kind != CellKind.Lstm)
            throw new ArgumentException($"CellSpec.ProjSize is only supported by LSTM cells, got {Kind} with ProjSize {ProjSize}.");
        if (ProjSize >= HiddenSize && ProjSize > 0)
            throw new ArgumentException($"CellSpec.ProjSize must be smaller than HiddenSize ({HiddenSize}), got {ProjSize} (as in PyTorch).");
        if (Peepholes && Kind != CellKind.Lstm)
            throw new ArgumentException($"CellSpec.Peepholes is only supported by LSTM cells, got {Kind}.");
        if (InputForget && Kind != CellKind.Lstm)
            throw new ArgumentException($"CellSpec.InputForget is only supported by LSTM cells, got {Kind}.");
        if (Clip is float clip && !(clip > 0 && float.IsFinite(clip)))
            throw new ArgumentException($"CellSpec.Clip must be a positive finite number, got {clip}.");
        ValidateActivation(GateActivation, nameof(GateActivation));
        ValidateActivation(CandidateActivation, nameof(CandidateActivation));
        ValidateActivation(CellActivation, nameof(CellActivation));
        _ = GateParameters;
        _ = CandidateParameters;
        _ = CellParameters;
        if (!Enum.IsDefined(GruReset))
            throw new ArgumentException($"CellSpec.GruReset must be AfterMatmul or BeforeMatmul, got {GruReset}.");
    }

    private static void ValidateActivation(Activation activation, string name)
    {
        if (!Enum.IsDefined(activation))
            throw new ArgumentException($"CellSpec.{name} must be one of {string.Join(", ", Enum.GetNames<Activation>())}, got {activation}.");
    }
}
