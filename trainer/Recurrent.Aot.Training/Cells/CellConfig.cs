namespace Recurrent.Aot.Training.Cells;

/// <summary>The recurrent cell kinds the trainer differentiates (those the runtime runs).</summary>
public enum CellType
{
    Rnn,
    Lstm,
    Gru,
}

/// <summary>Elman RNN activation (PyTorch <c>nonlinearity</c>).</summary>
public enum RnnNonlinearity
{
    Tanh,
    Relu,
}

/// <summary>Where the GRU's reset gate is applied (DESIGN §2).</summary>
public enum GruResetConvention
{
    /// <summary>PyTorch: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).</summary>
    AfterMatmul,

    /// <summary>Original GRU: n = tanh(W_in x + W_hn (r ⊙ h) + b_in + b_hn).</summary>
    BeforeMatmul,
}

/// <summary>Shape and options of one direction of one recurrent layer.</summary>
public sealed record CellConfig
{
    public CellConfig(CellType type, int inputSize, int hiddenSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        Type = type;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    public CellType Type { get; }

    public int InputSize { get; init; }

    public int HiddenSize { get; }

    /// <summary>LSTM projection size P (0 = none); the hidden state then has P values.</summary>
    public int ProjSize { get; init; }

    /// <summary>LSTM peephole connections (i, f see c; o sees c').</summary>
    public bool Peepholes { get; init; }

    public RnnNonlinearity Nonlinearity { get; init; } = RnnNonlinearity.Tanh;

    public GruResetConvention GruReset { get; init; } = GruResetConvention.AfterMatmul;

    public bool HasBias { get; init; } = true;

    /// <summary>Gate rows per hidden unit: 4 (LSTM), 3 (GRU), 1 (RNN).</summary>
    public int GateCount => Type switch
    {
        CellType.Lstm => 4,
        CellType.Gru => 3,
        _ => 1,
    };

    /// <summary>Size of the hidden state h (P with projection, else H).</summary>
    public int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    internal void Validate()
    {
        if (Type != CellType.Lstm && (ProjSize != 0 || Peepholes))
        {
            throw new ArgumentException($"Projection and peepholes are LSTM options; the cell is {Type}.");
        }

        if (ProjSize < 0 || ProjSize >= HiddenSize && ProjSize != 0)
        {
            throw new ArgumentException($"ProjSize must be 0 or between 1 and HiddenSize - 1 ({HiddenSize - 1}), got {ProjSize}.");
        }
    }
}
