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
        // The ONNX activation list with α/β (ScalarActivations defines them; the ONNX fixtures check the definitions against ONNX Runtime).
        yield return ("lstm-keras3-hard-sigmoid-leaky-scaled-tanh", new CellSpec { Kind = CellKind.Lstm, GateActivation = Activation.HardSigmoid, GateActivationAlpha = 1f / 6, CandidateActivation = Activation.LeakyRelu, CandidateActivationAlpha = 0.1f, CellActivation = Activation.ScaledTanh, CellActivationAlpha = 0.9f, CellActivationBeta = 1.3f });
        // Bounded candidates where gates are unbounded (affine): products of unbounded values reach magnitudes where the
        // fixed 1e-5 absolute tolerance is below float32 rounding (seen at H = 1, X = 67: 90.76 ± 1.5e-5).
        yield return ("lstm-affine-softsign-elu", new CellSpec { Kind = CellKind.Lstm, GateActivation = Activation.Affine, GateActivationAlpha = 0.1f, GateActivationBeta = 0.5f, CandidateActivation = Activation.Softsign, CellActivation = Activation.Elu, CellActivationAlpha = 0.7f });
        yield return ("rnn-softplus", new CellSpec { Kind = CellKind.Rnn, CandidateActivation = Activation.Softplus });
        yield return ("gru-softsign-elu", new CellSpec { Kind = CellKind.Gru, GateActivation = Activation.Softsign, CandidateActivation = Activation.Elu });
        yield return ("gru-before-hard-sigmoid-thresholded", new CellSpec { Kind = CellKind.Gru, GruReset = GruResetMode.BeforeMatmul, GateActivation = Activation.HardSigmoid, GateActivationAlpha = 0.3f, GateActivationBeta = 0.4f, CandidateActivation = Activation.ThresholdedRelu, CandidateActivationAlpha = 0.05f });
        yield return ("rnn-leaky-relu", new CellSpec { Kind = CellKind.Rnn, CandidateActivation = Activation.LeakyRelu });
        yield return ("rnn-scaled-tanh", new CellSpec { Kind = CellKind.Rnn, CandidateActivation = Activation.ScaledTanh, CandidateActivationAlpha = 1.5f, CandidateActivationBeta = 0.5f });
    }

    /// <summary>The spec with sizes; a projection (for LSTMs when asked) is smaller than the hidden size.</summary>
    public static CellSpec Sized(CellSpec spec, int input, int hidden, int proj = 0)
        => spec with { InputSize = input, HiddenSize = hidden, ProjSize = spec.Kind == CellKind.Lstm && proj > 0 && proj < hidden ? proj : 0 };
}
