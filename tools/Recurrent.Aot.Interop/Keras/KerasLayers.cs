namespace Recurrent.Aot.Interop.Keras;

/// <summary>The recurrent layer classes the importer maps onto the runtime's cells.</summary>
internal enum KerasRecurrentKind
{
    SimpleRnn,
    Lstm,
    Gru,
}

/// <summary>One layer of the model's chain, as its Keras config describes it.</summary>
internal abstract record KerasLayer(string Name, string ClassName)
{
    /// <summary>Names the layer in error messages: <c>'lstm_1' (LSTM)</c>.</summary>
    public string Display => $"'{Name}' ({ClassName})";
}

/// <summary>A SimpleRNN, LSTM or GRU layer (standalone or the forward layer of a Bidirectional).</summary>
internal sealed record KerasRecurrentLayer(string Name, string ClassName) : KerasLayer(Name, ClassName)
{
    public required KerasRecurrentKind Kind { get; init; }
    public required int Units { get; init; }
    public required string Activation { get; init; }
    /// <summary>The gate activation; SimpleRNN has none.</summary>
    public string? RecurrentActivation { get; init; }
    public required bool UseBias { get; init; }
    public required bool ReturnSequences { get; init; }
    public required bool GoBackwards { get; init; }
    /// <summary>GRU only: Keras's reset_after (PyTorch's convention when true).</summary>
    public bool ResetAfter { get; init; }
    public bool Stateful { get; init; }
    public bool ReturnState { get; init; }
    public bool TimeMajor { get; init; }
    /// <summary>Set when this layer sits inside a Bidirectional wrapper (its name then is the wrapper's).</summary>
    public bool Bidirectional { get; init; }

    /// <summary>Gate blocks per weight matrix: 1 (SimpleRNN), 4 (LSTM), 3 (GRU).</summary>
    public int GateCount => Kind switch { KerasRecurrentKind.Lstm => 4, KerasRecurrentKind.Gru => 3, _ => 1 };

    /// <summary>Features of the layer's output per step: units, twice that when bidirectional.</summary>
    public int OutputSize => Bidirectional ? 2 * Units : Units;
}

/// <summary>A Dense layer: the model's head when it follows the last recurrent layer.</summary>
internal sealed record KerasDenseLayer(string Name, string ClassName) : KerasLayer(Name, ClassName)
{
    public required int Units { get; init; }
    public required string Activation { get; init; }
    public required bool UseBias { get; init; }
}

/// <summary>A layer that is the identity at inference (Dropout): kept so error messages can name the chain.</summary>
internal sealed record KerasIdentityLayer(string Name, string ClassName) : KerasLayer(Name, ClassName);
