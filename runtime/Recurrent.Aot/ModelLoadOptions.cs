namespace Recurrent.Aot;

/// <summary>
/// Overrides for what a weight file's names cannot say. Every property left null falls back to the
/// file's <c>recurrent.*</c> metadata, then to the default (docs/file-format.md).
/// </summary>
public sealed record ModelLoadOptions
{
    /// <summary>The recurrent module's name prefix (<c>lstm</c>, <c>encoder.rnn</c>; a trailing dot is accepted; "" for none) when a file holds several.</summary>
    public string? Module { get; init; }

    /// <summary>The cell kind; checked against the shapes.</summary>
    public CellKind? Cell { get; init; }

    /// <summary>The RNN nonlinearity: <see cref="Activation.Tanh"/> or <see cref="Activation.Relu"/>.</summary>
    public Activation? Nonlinearity { get; init; }

    /// <summary>The GRU reset convention.</summary>
    public GruResetMode? GruReset { get; init; }

    /// <summary>Activation of the gates (LSTM i, f, o; GRU r, z).</summary>
    public Activation? GateActivation { get; init; }

    /// <summary>Activation of the candidate (LSTM g, GRU n; for an RNN, prefer <see cref="Nonlinearity"/>).</summary>
    public Activation? CandidateActivation { get; init; }

    /// <summary>LSTM cell output activation h in h' = o ⊙ h(c').</summary>
    public Activation? CellActivation { get; init; }

    /// <summary>Gate pre-activation clip (ONNX <c>clip</c>).</summary>
    public float? Clip { get; init; }

    /// <summary>LSTM coupled input and forget gates (ONNX <c>input_forget</c>).</summary>
    public bool? InputForget { get; init; }

    /// <summary>The dense head's name prefix (<c>fc</c>, <c>head</c>); "" for none even when the metadata names one.</summary>
    public string? Head { get; init; }

    /// <summary>The head's activation.</summary>
    public HeadActivation? HeadActivation { get; init; }

    /// <summary>
    /// The precision the weight matrices are stored and streamed in. Null means float32, also for a reduced file
    /// (metadata <c>recurrent.weight_precision</c>): its weights then load as float32 values equal to the stored ones
    /// (bfloat16 widened, int8 as q · scale). Asking for <see cref="Aot.WeightPrecision.BFloat16"/> or
    /// <see cref="Aot.WeightPrecision.Int8"/> rounds or quantizes a float32 file at load; a file already in that
    /// precision keeps its stored values exactly.
    /// </summary>
    public WeightPrecision? WeightPrecision { get; init; }
}
