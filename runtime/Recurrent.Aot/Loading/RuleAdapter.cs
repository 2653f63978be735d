using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot.Loading;

/// <summary>The runtime's side of the shared rules: load options become a rules request, a file's architecture a <see cref="ModelSpec"/>.</summary>
internal static class RuleAdapter
{
    /// <summary>The load options as a rules request (enum values become tokens).</summary>
    public static ArchitectureRequest Request(ModelLoadOptions options) => new ArchitectureRequest
    {
        Module = options.Module,
        Head = options.Head,
        Clip = options.Clip,
        InputForget = options.InputForget,
        Source = "ModelLoadOptions",
    }.WithEnums(options.Cell, options.Nonlinearity, options.GruReset, options.GateActivation, options.CandidateActivation, options.CellActivation, options.HeadActivation);

    /// <summary>A settled α/β as the spec holds it: null when it is the default, so a file's spec equals one written with defaults left out.</summary>
    private static float? UnlessDefault(float? value, float? fallback) => value == fallback ? null : value;

    /// <summary>The runtime's spec of a file's architecture.</summary>
    public static ModelSpec Spec(FileArchitecture arch) => new()
    {
        Cell = new CellSpec
        {
            Kind = RuleTokens.Cell(arch.Cell),
            InputSize = arch.InputSize,
            HiddenSize = arch.HiddenSize,
            ProjSize = arch.ProjSize,
            HasBias = arch.HasBias,
            Peepholes = arch.Peepholes,
            GateActivation = RuleTokens.Activation(arch.GateActivation),
            CandidateActivation = RuleTokens.Activation(arch.CandidateActivation),
            CellActivation = RuleTokens.Activation(arch.CellActivation),
            GateActivationAlpha = UnlessDefault(arch.GateAlpha, ActivationParameters.DefaultAlpha(RuleTokens.Activation(arch.GateActivation))),
            GateActivationBeta = UnlessDefault(arch.GateBeta, ActivationParameters.DefaultBeta(RuleTokens.Activation(arch.GateActivation))),
            CandidateActivationAlpha = UnlessDefault(arch.CandidateAlpha, ActivationParameters.DefaultAlpha(RuleTokens.Activation(arch.CandidateActivation))),
            CandidateActivationBeta = UnlessDefault(arch.CandidateBeta, ActivationParameters.DefaultBeta(RuleTokens.Activation(arch.CandidateActivation))),
            CellActivationAlpha = UnlessDefault(arch.CellAlpha, ActivationParameters.DefaultAlpha(RuleTokens.Activation(arch.CellActivation))),
            CellActivationBeta = UnlessDefault(arch.CellBeta, ActivationParameters.DefaultBeta(RuleTokens.Activation(arch.CellActivation))),
            GruReset = RuleTokens.GruReset(arch.GruReset),
            Clip = arch.Clip,
            InputForget = arch.InputForget,
        },
        Layers = arch.Layers,
        Bidirectional = arch.Bidirectional,
        Reverse = arch.Reverse,
        Head = arch.HeadPrefix is null ? null : new HeadSpec { OutputSize = arch.HeadSize, HasBias = arch.HeadHasBias, Activation = RuleTokens.HeadActivation(arch.HeadActivation) },
    };
}
