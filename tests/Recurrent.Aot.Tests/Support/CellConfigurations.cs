namespace Recurrent.Aot.Tests.Support;

/// <summary>Every cell kind and option the runtime supports, as named specs (sizes filled in by each test).</summary>
internal static class CellConfigurations
{
    public static IEnumerable<(string Name, CellSpec Spec)> All()
    {
        yield return ("rnn-tanh", new CellSpec { Kind = CellKind.Rnn });
        yield return ("rnn-relu", new CellSpec { Kind = CellKind.Rnn, CandidateActivation = Activation.Relu });
        yield return ("rnn-nobias-clip", new CellSpec { Kind = CellKind.Rnn, HasBias = false, Clip = 0.5f });
        yield return ("lstm", new CellSpec { Kind = CellKind.Lstm });
        yield return ("lstm-nobias", new CellSpec { Kind = CellKind.Lstm, HasBias = false });
        yield return ("lstm-peepholes", new CellSpec { Kind = CellKind.Lstm, Peepholes = true });
        yield return ("lstm-input-forget-clip", new CellSpec { Kind = CellKind.Lstm, InputForget = true, Clip = 0.7f });
        yield return ("lstm-hard-sigmoid-relu", new CellSpec { Kind = CellKind.Lstm, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Relu, CellActivation = Activation.Sigmoid });
        yield return ("gru", new CellSpec { Kind = CellKind.Gru });
        yield return ("gru-before", new CellSpec { Kind = CellKind.Gru, GruReset = GruResetMode.BeforeMatmul });
        yield return ("gru-before-nobias-clip", new CellSpec { Kind = CellKind.Gru, GruReset = GruResetMode.BeforeMatmul, HasBias = false, Clip = 0.6f });
        yield return ("gru-hard-sigmoid-tanh", new CellSpec { Kind = CellKind.Gru, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Tanh });
    }

    /// <summary>The spec with sizes; a projection (for LSTMs when asked) is smaller than the hidden size.</summary>
    public static CellSpec Sized(CellSpec spec, int input, int hidden, int proj = 0)
        => spec with { InputSize = input, HiddenSize = hidden, ProjSize = spec.Kind == CellKind.Lstm && proj > 0 && proj < hidden ? proj : 0 };
}
