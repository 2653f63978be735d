namespace Recurrent.Aot.Tests.Support;

/// <summary>Model architectures the model-level tests sweep: kinds × layers × directions × heads.</summary>
internal static class ModelCases
{
    public static IEnumerable<(string Name, ModelSpec Spec)> All()
    {
        yield return ("lstm-1", Model(new CellSpec { Kind = CellKind.Lstm, InputSize = 5, HiddenSize = 9 }));
        yield return ("lstm-2-bidi", Model(new CellSpec { Kind = CellKind.Lstm, InputSize = 3, HiddenSize = 17 }, layers: 2, bidirectional: true));
        yield return ("lstm-3-proj-peep", Model(new CellSpec { Kind = CellKind.Lstm, InputSize = 4, HiddenSize = 20, ProjSize = 7, Peepholes = true }, layers: 3));
        yield return ("lstm-2-bidi-proj-softmax", Model(new CellSpec { Kind = CellKind.Lstm, InputSize = 6, HiddenSize = 12, ProjSize = 5 }, layers: 2, bidirectional: true, head: new HeadSpec { OutputSize = 4, Activation = HeadActivation.Softmax }));
        yield return ("gru-2", Model(new CellSpec { Kind = CellKind.Gru, InputSize = 7, HiddenSize = 33 }, layers: 2));
        yield return ("gru-before-bidi-sigmoid", Model(new CellSpec { Kind = CellKind.Gru, InputSize = 2, HiddenSize = 8, GruReset = GruResetMode.BeforeMatmul }, bidirectional: true, head: new HeadSpec { OutputSize = 3, Activation = HeadActivation.Sigmoid }));
        yield return ("rnn-relu-2-head", Model(new CellSpec { Kind = CellKind.Rnn, InputSize = 3, HiddenSize = 16, CandidateActivation = Activation.Relu }, layers: 2, head: new HeadSpec { OutputSize = 3, HasBias = false }));
        yield return ("gru-2-reverse", new ModelSpec { Cell = new CellSpec { Kind = CellKind.Gru, InputSize = 3, HiddenSize = 10 }, Layers = 2, Reverse = true, Head = new HeadSpec { OutputSize = 2 } });
        yield return ("lstm-reverse-elu", new ModelSpec { Cell = new CellSpec { Kind = CellKind.Lstm, InputSize = 4, HiddenSize = 6, CandidateActivation = Activation.Elu }, Reverse = true });
        yield return ("rnn-tanh-bidi", Model(new CellSpec { Kind = CellKind.Rnn, InputSize = 1, HiddenSize = 1 }, bidirectional: true));
    }

    public static ModelSpec Get(string name) => All().Single(c => c.Name == name).Spec;

    public static TheoryData<string> Names() => [.. All().Select(c => c.Name)];

    /// <summary>The models that stream (Step): forward in time only, so neither bidirectional nor reverse.</summary>
    public static TheoryData<string> UnidirectionalNames() => [.. All().Where(c => !c.Spec.Bidirectional && !c.Spec.Reverse).Select(c => c.Name)];

    private static ModelSpec Model(CellSpec cell, int layers = 1, bool bidirectional = false, HeadSpec? head = null)
        => new() { Cell = cell, Layers = layers, Bidirectional = bidirectional, Head = head };
}
