using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;

namespace Recurrent.Aot.Training.Tests.Gradients;

/// <summary>One configuration whose analytic gradients are compared with central finite differences.</summary>
public sealed record GradientCheckCase(string Name, NetworkSpec Spec)
{
    public int Steps { get; init; } = 5;

    public int Batch { get; init; } = 3;

    /// <summary>Per-entry lengths (padding); null = every entry runs all steps.</summary>
    public int[]? Lengths { get; init; }

    public OutputMode Mode { get; init; } = OutputMode.EveryStep;

    public LossKind Loss { get; init; } = LossKind.MeanSquaredError;

    /// <summary>Pass explicit h0/c0 and check their gradients too (the encoder–decoder path).</summary>
    public bool ExplicitInitialState { get; init; }

    /// <summary>Add a random linear function of h_n/c_n to the objective (exercises final-state gradients).</summary>
    public bool FinalStateTerms { get; init; }

    public override string ToString() => Name;

    public static IEnumerable<GradientCheckCase> All()
    {
        NetworkSpec Base(CellKind cell) => new(cell, 3, 4);

        yield return new("rnn tanh", Base(CellKind.Rnn));
        yield return new("rnn relu", Base(CellKind.Rnn) with { Nonlinearity = Activation.Relu });
        yield return new("lstm", Base(CellKind.Lstm));
        yield return new("lstm projection", Base(CellKind.Lstm) with { ProjSize = 2 });
        yield return new("lstm peepholes", Base(CellKind.Lstm) with { Peepholes = true });
        yield return new("lstm projection and peepholes", Base(CellKind.Lstm) with { ProjSize = 3, Peepholes = true });
        yield return new("gru reset after", Base(CellKind.Gru));
        yield return new("gru reset before", Base(CellKind.Gru) with { GruReset = GruResetMode.BeforeMatmul });
        yield return new("rnn no bias", Base(CellKind.Rnn) with { HasBias = false });

        // Configurable activations: each of sigmoid, hard_sigmoid, tanh and relu in each role it can take.
        // Keras LSTM(activation='relu'): relu candidate and cell, gates left sigmoid (or Keras 2's hard_sigmoid).
        yield return new("lstm keras relu", Base(CellKind.Lstm) with { CandidateActivation = Activation.Relu, CellActivation = Activation.Relu });
        yield return new("lstm hard_sigmoid gates relu candidate and cell", Base(CellKind.Lstm) with { GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Relu, CellActivation = Activation.Relu });
        yield return new("lstm tanh gates sigmoid candidate hard_sigmoid cell", Base(CellKind.Lstm) with { GateActivation = Activation.Tanh, CandidateActivation = Activation.Sigmoid, CellActivation = Activation.HardSigmoid });
        yield return new("lstm relu gates hard_sigmoid candidate sigmoid cell", Base(CellKind.Lstm) with { GateActivation = Activation.Relu, CandidateActivation = Activation.HardSigmoid, CellActivation = Activation.Sigmoid });
        yield return new("gru keras relu", Base(CellKind.Gru) with { CandidateActivation = Activation.Relu });
        yield return new("gru hard_sigmoid gates relu candidate", Base(CellKind.Gru) with { GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Relu });
        yield return new("gru tanh gates hard_sigmoid candidate", Base(CellKind.Gru) with { GateActivation = Activation.Tanh, CandidateActivation = Activation.HardSigmoid });
        yield return new("gru reset before relu gates sigmoid candidate", Base(CellKind.Gru) with { GruReset = GruResetMode.BeforeMatmul, GateActivation = Activation.Relu, CandidateActivation = Activation.Sigmoid });

        foreach (CellKind cell in new[] { CellKind.Rnn, CellKind.Lstm, CellKind.Gru })
        {
            string n = cell.ToString().ToLowerInvariant();
            yield return new($"{n} stacked bidirectional with head", Base(cell) with { Layers = 2, Bidirectional = true, HeadSize = 2 });
            yield return new($"{n} padded batch", Base(cell) with { Bidirectional = true }) { Lengths = [5, 2, 4] };
            yield return new($"{n} last step cross-entropy", Base(cell) with { HeadSize = 3 }) { Mode = OutputMode.LastStep, Loss = LossKind.SoftmaxCrossEntropy, Lengths = [3, 5, 1] };
            yield return new($"{n} binary cross-entropy", Base(cell) with { HeadSize = 2 }) { Loss = LossKind.BinaryCrossEntropy };
            yield return new($"{n} learned initial state", Base(cell) with { Layers = 2, LearnInitialState = true, HeadSize = 1 }) { FinalStateTerms = true };
            yield return new($"{n} explicit state and final-state gradients", Base(cell) with { Layers = 2 }) { ExplicitInitialState = true, FinalStateTerms = true };
        }

        yield return new("lstm projection peepholes stacked bidirectional", Base(CellKind.Lstm) with { ProjSize = 2, Peepholes = true, Layers = 2, Bidirectional = true, HeadSize = 2 })
        {
            Lengths = [4, 5, 2],
            ExplicitInitialState = true,
            FinalStateTerms = true,
        };
        yield return new("lstm hard_sigmoid gates relu candidate and cell, projection peepholes stacked bidirectional", Base(CellKind.Lstm) with
        {
            GateActivation = Activation.HardSigmoid,
            CandidateActivation = Activation.Relu,
            CellActivation = Activation.Relu,
            ProjSize = 2,
            Peepholes = true,
            Layers = 2,
            Bidirectional = true,
            HeadSize = 2,
        })
        {
            Lengths = [4, 5, 2],
            ExplicitInitialState = true,
            FinalStateTerms = true,
        };
        yield return new("gru hard_sigmoid gates relu candidate, reset before stacked bidirectional", Base(CellKind.Gru) with
        {
            GateActivation = Activation.HardSigmoid,
            CandidateActivation = Activation.Relu,
            GruReset = GruResetMode.BeforeMatmul,
            Layers = 2,
            Bidirectional = true,
            HeadSize = 2,
        })
        {
            Lengths = [4, 5, 2],
            ExplicitInitialState = true,
            FinalStateTerms = true,
        };
        yield return new("gru reset before stacked bidirectional", Base(CellKind.Gru) with { GruReset = GruResetMode.BeforeMatmul, Layers = 2, Bidirectional = true, HeadSize = 2 })
        {
            Lengths = [4, 5, 2],
            ExplicitInitialState = true,
            FinalStateTerms = true,
        };
    }
}
