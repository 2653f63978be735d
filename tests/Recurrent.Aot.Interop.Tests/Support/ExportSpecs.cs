namespace Recurrent.Aot.Interop.Tests.Support;

/// <summary>Models with every activation (and α/β) and option the exporter writes: ONNX Runtime checks the runtime's definitions.</summary>
public static class ExportSpecs
{
    public static IEnumerable<(string Name, ModelSpec Spec)> All()
    {
        yield return ("lstm-keras3-hard-sigmoid-leaky-scaled-tanh", Model(new CellSpec { Kind = CellKind.Lstm, GateActivation = Activation.HardSigmoid, GateActivationAlpha = 1f / 6, CandidateActivation = Activation.LeakyRelu, CandidateActivationAlpha = 0.1f, CellActivation = Activation.ScaledTanh, CellActivationAlpha = 0.9f, CellActivationBeta = 1.3f }));
        yield return ("lstm-affine-softplus-elu-bidi", Model(new CellSpec { Kind = CellKind.Lstm, GateActivation = Activation.Affine, GateActivationAlpha = 0.25f, GateActivationBeta = 0.5f, CandidateActivation = Activation.Softplus, CellActivation = Activation.Elu, CellActivationAlpha = 0.7f }, bidirectional: true));
        yield return ("lstm-peepholes-clip-input-forget-state", Model(new CellSpec { Kind = CellKind.Lstm, Peepholes = true, Clip = 0.9f, InputForget = true }, layers: 2));
        yield return ("gru-softsign-thresholded-reverse", Model(new CellSpec { Kind = CellKind.Gru, GateActivation = Activation.Softsign, CandidateActivation = Activation.ThresholdedRelu, CandidateActivationAlpha = 0.1f }, reverse: true));
        yield return ("gru-before-relu-2-head-state", Model(new CellSpec { Kind = CellKind.Gru, GruReset = GruResetMode.BeforeMatmul, CandidateActivation = Activation.Relu }, layers: 2, head: new HeadSpec { OutputSize = 3, Activation = HeadActivation.Softmax }));
        yield return ("rnn-elu-nobias-bidi-sigmoid-head", Model(new CellSpec { Kind = CellKind.Rnn, HasBias = false, CandidateActivation = Activation.Elu, CandidateActivationAlpha = 0.5f }, bidirectional: true, head: new HeadSpec { OutputSize = 2, HasBias = false, Activation = HeadActivation.Sigmoid }));
        yield return ("rnn-softplus-reverse-state", Model(new CellSpec { Kind = CellKind.Rnn, CandidateActivation = Activation.Softplus, Clip = 2f }, layers: 2, reverse: true));
    }

    public static CellWeights Weights(CellSpec spec, Random random, bool learnedState)
    {
        int rows = spec.GateCount * spec.HiddenSize;
        float k = 1f / MathF.Sqrt(spec.HiddenSize);
        return new CellWeights
        {
            WeightIh = Fixtures.Random(random, rows * spec.InputSize, k),
            WeightHh = Fixtures.Random(random, rows * spec.OutputSize, k),
            BiasIh = spec.HasBias ? Fixtures.Random(random, rows, k) : null,
            BiasHh = spec.HasBias ? Fixtures.Random(random, rows, k) : null,
            Peepholes = spec.Peepholes ? Fixtures.Random(random, 3 * spec.HiddenSize, k) : null,
            InitialHidden = learnedState ? Fixtures.Random(random, spec.OutputSize, 0.5f) : null,
            InitialCell = learnedState && spec.Kind == CellKind.Lstm ? Fixtures.Random(random, spec.HiddenSize, 0.5f) : null,
        };
    }

    private static ModelSpec Model(CellSpec cell, int layers = 1, bool bidirectional = false, bool reverse = false, HeadSpec? head = null)
        => new() { Cell = cell with { InputSize = 3, HiddenSize = 5 }, Layers = layers, Bidirectional = bidirectional, Reverse = reverse, Head = head };
}
