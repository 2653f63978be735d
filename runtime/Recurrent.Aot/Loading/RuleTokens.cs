using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot.Loading;

/// <summary>
/// The runtime's enums and the architecture rules' tokens (the metadata's own spellings, docs/file-format.md),
/// both ways: the rules are shared with the generator, which has enums of its own.
/// </summary>
internal static class RuleTokens
{
    public static CellKind Cell(string token) => token switch
    {
        "lstm" => CellKind.Lstm,
        "gru" => CellKind.Gru,
        "rnn" => CellKind.Rnn,
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, "Expected lstm, gru or rnn."),
    };

    public static string Token(CellKind kind) => kind switch
    {
        CellKind.Lstm => "lstm",
        CellKind.Gru => "gru",
        CellKind.Rnn => "rnn",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected Lstm, Gru or Rnn."),
    };

    private static readonly (string Token, Activation Value)[] Activations =
    [
        ("sigmoid", Aot.Activation.Sigmoid), ("hard_sigmoid", Aot.Activation.HardSigmoid), ("tanh", Aot.Activation.Tanh),
        ("relu", Aot.Activation.Relu), ("affine", Aot.Activation.Affine), ("leaky_relu", Aot.Activation.LeakyRelu),
        ("thresholded_relu", Aot.Activation.ThresholdedRelu), ("scaled_tanh", Aot.Activation.ScaledTanh), ("elu", Aot.Activation.Elu),
        ("softsign", Aot.Activation.Softsign), ("softplus", Aot.Activation.Softplus),
    ];

    public static Activation Activation(string token)
    {
        foreach ((string name, Activation value) in Activations)
        {
            if (name == token)
                return value;
        }

        throw new ArgumentOutOfRangeException(nameof(token), token, "Expected one of " + IO.RecurrentMetadataKeys.Accepted.Activations + ".");
    }

    public static string Token(Activation activation)
    {
        foreach ((string name, Activation value) in Activations)
        {
            if (value == activation)
                return name;
        }

        throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected a defined Activation value.");
    }

    public static GruResetMode GruReset(string token) => token == "before" ? GruResetMode.BeforeMatmul : GruResetMode.AfterMatmul;

    public static string Token(GruResetMode reset) => reset == GruResetMode.BeforeMatmul ? "before" : "after";

    public static HeadActivation HeadActivation(string token) => token switch
    {
        "sigmoid" => Aot.HeadActivation.Sigmoid,
        "softmax" => Aot.HeadActivation.Softmax,
        _ => Aot.HeadActivation.None,
    };

    public static string Token(HeadActivation activation) => activation switch
    {
        Aot.HeadActivation.Sigmoid => "sigmoid",
        Aot.HeadActivation.Softmax => "softmax",
        _ => "none",
    };

    /// <summary>The load options as a rules request (enum values become tokens).</summary>
    public static ArchitectureRequest Request(ModelLoadOptions options) => new()
    {
        Module = options.Module,
        Head = options.Head,
        Cell = options.Cell is { } cell ? Token(cell) : null,
        Nonlinearity = options.Nonlinearity is { } n ? Token(n) : null,
        GruReset = options.GruReset is { } reset ? Token(reset) : null,
        GateActivation = options.GateActivation is { } gate ? Token(gate) : null,
        CandidateActivation = options.CandidateActivation is { } candidate ? Token(candidate) : null,
        CellActivation = options.CellActivation is { } cellActivation ? Token(cellActivation) : null,
        HeadActivation = options.HeadActivation is { } head ? Token(head) : null,
        Clip = options.Clip,
        InputForget = options.InputForget,
        Source = "ModelLoadOptions",
    };

    /// <summary>A settled α/β as the spec holds it: null when it is the default, so a file's spec equals one written with defaults left out.</summary>
    private static float? UnlessDefault(float? value, float? fallback) => value == fallback ? null : value;

    /// <summary>The runtime's spec of a file's architecture.</summary>
    public static ModelSpec Spec(FileArchitecture arch) => new()
    {
        Cell = new CellSpec
        {
            Kind = Cell(arch.Cell),
            InputSize = arch.InputSize,
            HiddenSize = arch.HiddenSize,
            ProjSize = arch.ProjSize,
            HasBias = arch.HasBias,
            Peepholes = arch.Peepholes,
            GateActivation = Activation(arch.GateActivation),
            CandidateActivation = Activation(arch.CandidateActivation),
            CellActivation = Activation(arch.CellActivation),
            GateActivationAlpha = UnlessDefault(arch.GateAlpha, ActivationParameters.DefaultAlpha(Activation(arch.GateActivation))),
            GateActivationBeta = UnlessDefault(arch.GateBeta, ActivationParameters.DefaultBeta(Activation(arch.GateActivation))),
            CandidateActivationAlpha = UnlessDefault(arch.CandidateAlpha, ActivationParameters.DefaultAlpha(Activation(arch.CandidateActivation))),
            CandidateActivationBeta = UnlessDefault(arch.CandidateBeta, ActivationParameters.DefaultBeta(Activation(arch.CandidateActivation))),
            CellActivationAlpha = UnlessDefault(arch.CellAlpha, ActivationParameters.DefaultAlpha(Activation(arch.CellActivation))),
            CellActivationBeta = UnlessDefault(arch.CellBeta, ActivationParameters.DefaultBeta(Activation(arch.CellActivation))),
            GruReset = GruReset(arch.GruReset),
            Clip = arch.Clip,
            InputForget = arch.InputForget,
        },
        Layers = arch.Layers,
        Bidirectional = arch.Bidirectional,
        Reverse = arch.Reverse,
        Head = arch.HeadPrefix is null ? null : new HeadSpec { OutputSize = arch.HeadSize, HasBias = arch.HeadHasBias, Activation = HeadActivation(arch.HeadActivation) },
    };
}
