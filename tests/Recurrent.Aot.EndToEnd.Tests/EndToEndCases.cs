using System.Globalization;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Network;

namespace Recurrent.Aot.EndToEnd.Tests;

/// <summary>
/// The architectures every consumer must reproduce after training: each cell kind, stacked, bidirectional, projection,
/// both GRU conventions, with and without a learned initial state and a head. (Peepholes are runtime-only: the generator
/// refuses them, and the trainer's own round-trip tests cover them in the runtime.)
/// </summary>
internal static class EndToEndCases
{
    public static readonly (string Name, NetworkSpec Spec)[] All =
    [
        ("rnn tanh, learned state", new NetworkSpec(CellKind.Rnn, 2, 3) { LearnInitialState = true }),
        ("rnn relu, head", new NetworkSpec(CellKind.Rnn, 3, 6) { Nonlinearity = Activation.Relu, HeadSize = 2 }),
        ("lstm, softmax head, learned state", new NetworkSpec(CellKind.Lstm, 3, 8) { HeadSize = 3, HeadActivation = HeadActivation.Softmax, LearnInitialState = true }),
        ("lstm stacked", new NetworkSpec(CellKind.Lstm, 4, 6) { Layers = 2 }),
        ("lstm stacked bidirectional projection head, learned state", new NetworkSpec(CellKind.Lstm, 3, 8) { Layers = 2, Bidirectional = true, ProjSize = 5, HeadSize = 3, LearnInitialState = true }),
        ("gru reset after, stacked, learned state", new NetworkSpec(CellKind.Gru, 3, 7) { Layers = 2, LearnInitialState = true }),
        ("gru reset before, bidirectional, head", new NetworkSpec(CellKind.Gru, 3, 7) { GruReset = GruResetMode.BeforeMatmul, Bidirectional = true, HeadSize = 2 }),
        ("gru reset before, learned state, sigmoid head", new NetworkSpec(CellKind.Gru, 2, 5) { GruReset = GruResetMode.BeforeMatmul, LearnInitialState = true, HeadSize = 1, HeadActivation = HeadActivation.Sigmoid }),
    ];

    public static TheoryData<int> Indices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < All.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    /// <summary>The shape-only attribute that declares <paramref name="spec"/>: what a user writes by hand.</summary>
    public static string ShapeAttribute(NetworkSpec spec)
    {
        var arguments = new List<string>
        {
            $"InputSize = {spec.InputSize}",
            $"HiddenSize = {spec.HiddenSize}",
            $"Layers = {spec.Layers}",
        };
        if (spec.Bidirectional)
        {
            arguments.Add("Bidirectional = true");
        }

        if (spec.ProjSize > 0)
        {
            arguments.Add($"ProjSize = {spec.ProjSize}");
        }

        if (spec.Cell == CellKind.Rnn && spec.Nonlinearity == Activation.Relu)
        {
            arguments.Add("Nonlinearity = RecurrentActivation.Relu");
        }

        if (spec.Cell == CellKind.Gru)
        {
            arguments.Add("Reset = RecurrentGruResetMode." + (spec.GruReset == GruResetMode.BeforeMatmul ? "BeforeMatmul" : "AfterMatmul"));
        }

        if (spec.HeadSize > 0)
        {
            arguments.Add($"HeadSize = {spec.HeadSize}");
            arguments.Add("HeadActivation = RecurrentHeadActivation." + spec.HeadActivation);
        }

        string kind = spec.Cell switch
        {
            CellKind.Lstm => "Lstm",
            CellKind.Gru => "Gru",
            _ => "Rnn",
        };
        return string.Create(CultureInfo.InvariantCulture, $"[{kind}({string.Join(", ", arguments)})]");
    }
}
