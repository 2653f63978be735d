namespace Recurrent.Aot.Loading.Rules;

/// <summary>
/// What the caller says in place of the file's metadata (load options, command-line flags, attribute arguments).
/// Enumerated values are the metadata's own lower-case tokens (<c>lstm</c>, <c>hard_sigmoid</c>, <c>before</c>);
/// null means "read the file". A value given here replaces the metadata value unread.
/// </summary>
internal sealed class ArchitectureRequest
{
    /// <summary>The recurrent module's prefix, with or without the trailing dot; "" for the file's top level.</summary>
    public string? Module { get; set; }

    /// <summary>The dense head's prefix; "" for no head even when the metadata names one.</summary>
    public string? Head { get; set; }

    public string? Cell { get; set; }

    public string? Nonlinearity { get; set; }

    public string? GruReset { get; set; }

    public string? GateActivation { get; set; }

    public string? CandidateActivation { get; set; }

    public string? CellActivation { get; set; }

    public string? HeadActivation { get; set; }

    public float? Clip { get; set; }

    public bool? InputForget { get; set; }

    /// <summary>Where the overrides come from, for messages ("the load options", "the attribute").</summary>
    public string Source { get; set; } = "the caller";

    /// <summary>
    /// Sets the enumerated overrides from the library's enums (as their metadata tokens); a null leaves that choice to
    /// the file. One mapping for every caller that holds enums (load options, attribute arguments).
    /// </summary>
    public ArchitectureRequest WithEnums(
        CellKind? cell,
        Activation? nonlinearity,
        GruResetMode? gruReset,
        Activation? gateActivation,
        Activation? candidateActivation,
        Activation? cellActivation,
        HeadActivation? headActivation)
    {
        Cell = cell is { } kind ? RuleTokens.Token(kind) : null;
        Nonlinearity = nonlinearity is { } n ? RuleTokens.Token(n) : null;
        GruReset = gruReset is { } reset ? RuleTokens.Token(reset) : null;
        GateActivation = gateActivation is { } gate ? RuleTokens.Token(gate) : null;
        CandidateActivation = candidateActivation is { } candidate ? RuleTokens.Token(candidate) : null;
        CellActivation = cellActivation is { } c ? RuleTokens.Token(c) : null;
        HeadActivation = headActivation is { } head ? RuleTokens.Token(head) : null;
        return this;
    }
}
