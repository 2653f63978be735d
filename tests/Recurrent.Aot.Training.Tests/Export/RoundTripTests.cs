using Recurrent.Aot.IO;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.Training.Tests.Export;

/// <summary>
/// A model trained here, exported and loaded by the runtime, gives the trainer's own forward outputs within 1e-6
/// (1e-5 with relu candidate and cell activations, whose outputs are not bounded by 1).
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "recurrent-training-tests-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Configurations() => new(RoundTripCases.Names);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Exported_model_runs_in_the_runtime_like_in_the_trainer(string name)
    {
        NetworkSpec spec = RoundTripCases.Get(name);
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, seed: 7, forgetBias: 1.0);
        TrainBriefly(network);

        string path = Path.Combine(_directory, "model.safetensors");
        ModelExporter.Save(network, path);
        RecurrentModel model = RecurrentModel.Load(path);
        Assert.Equal(spec.OutputSize, model.OutputSize);

        const int steps = 9;
        var rng = new Pcg32(99);
        float[] input = new float[steps * spec.InputSize];
        Initializer.Fill<float>(input, rng, 1.5);

        float[] expected = new float[steps * spec.OutputSize];
        NetworkWorkspace<float> ws = network.CreateWorkspace();
        network.Forward(ws, input, steps, 1, default, OutputMode.EveryStep);
        ws.Output.CopyTo(expected);

        float[] actual = new float[steps * model.OutputSize];
        float[] state = new float[model.StateSize];
        model.Run(input, state, actual, model.CreateWorkspace(steps));

        float maxError = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxError = MathF.Max(maxError, MathF.Abs(expected[i] - actual[i]));
        }

        float tolerance = RoundTripCases.Tolerance(name);
        Assert.True(maxError <= tolerance, $"max |trainer − runtime| = {maxError:G3}");

        // The final states match PyTorch's h_n/c_n layout, which is the runtime's state layout.
        ReadOnlySpan<float> hn = ws.FinalHidden;
        for (int i = 0; i < hn.Length; i++)
        {
            Assert.True(MathF.Abs(hn[i] - state[i]) <= tolerance, $"h_n[{i}]: trainer {hn[i]}, runtime {state[i]}");
        }

        // The runtime took the activations from the file's metadata, not from defaults.
        if (spec.Cell != CellKind.Rnn)
        {
            Assert.Equal(spec.GateActivation, model.Spec.Cell.GateActivation);
            Assert.Equal(spec.CandidateActivation, model.Spec.Cell.CandidateActivation);
            Assert.Equal(spec.CellActivation, model.Spec.Cell.CellActivation);
        }
    }

    [Fact]
    public void A_learned_initial_state_travels_in_the_file_and_reproduces_the_trainer_in_the_runtime()
    {
        var spec = new NetworkSpec(CellKind.Lstm, 3, 6) { Layers = 2, LearnInitialState = true, HeadSize = 2 };
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, seed: 5);
        TrainBriefly(network);
        Assert.Contains(network.InitialHidden[0].Value, v => v != 0);

        string path = Path.Combine(_directory, "initial-state.safetensors");
        ModelExporter.Save(network, path);
        SafeTensorsFile file = SafeTensorsFile.Load(path);
        RecurrentModel model = RecurrentModel.Load(path);

        // The runtime starts from the state the caller gives it: h of every layer, then c of every layer.
        float[] state = new float[model.StateSize];
        for (int k = 0; k < spec.Layers; k++)
        {
            file.ReadFloat32($"rnn.initial_h_l{k}", model.GetHidden(state, k));
            file.ReadFloat32($"rnn.initial_c_l{k}", model.GetCell(state, k));
        }

        const int steps = 6;
        float[] input = new float[steps * spec.InputSize];
        Initializer.Fill<float>(input, new Pcg32(17), 1.0);
        NetworkWorkspace<float> ws = network.CreateWorkspace();
        network.Forward(ws, input, steps, 1, default, OutputMode.EveryStep);
        float[] actual = new float[steps * model.OutputSize];
        model.Run(input, state, actual, model.CreateWorkspace(steps));
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(MathF.Abs(ws.Output[i] - actual[i]) <= 1e-6f, $"output {i}: trainer {ws.Output[i]}, runtime {actual[i]}");
        }
    }

    private static void TrainBriefly(RecurrentNetwork<float> network)
    {
        var rng = new Pcg32(3);
        var examples = new List<SequenceExample>();
        for (int n = 0; n < 16; n++)
        {
            int steps = 4 + rng.NextInt(4);
            float[] x = new float[steps * network.Spec.InputSize];
            Initializer.Fill<float>(x, rng, 1.0);
            float[] y = new float[steps * network.Spec.OutputSize];
            Initializer.Fill<float>(y, rng, 0.5);
            examples.Add(SequenceExample.WithTargets(x, steps, y, steps));
        }

        var model = new SequenceModel<float>(network, LossKind.MeanSquaredError, OutputMode.EveryStep);
        var trainer = new Trainer<float>(model, new AdamOptimizer<float>(model.Parameters, 0.01), new TrainerOptions { BatchSize = 8, ShardSize = 4 });
        BatchStatistics first = trainer.TrainEpoch(examples, 0);
        BatchStatistics last = first;
        for (int epoch = 1; epoch < 5; epoch++)
        {
            last = trainer.TrainEpoch(examples, epoch);
        }

        Assert.True(last.MeanLoss < first.MeanLoss, $"training did not reduce the loss: {first.MeanLoss} → {last.MeanLoss}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

internal static class RoundTripCases
{
    public static readonly string[] Names =
    [
        "rnn tanh", "rnn relu", "lstm", "lstm projection peepholes stacked bidirectional head",
        "gru reset after stacked", "gru reset before bidirectional head",
        "lstm hard_sigmoid gates relu candidate and cell", "lstm keras relu stacked head",
        "gru hard_sigmoid gates relu candidate", "gru keras relu reset before bidirectional head",
    ];

    /// <summary>Max |trainer − runtime|: relu candidate and cell outputs are unbounded, so float rounding is relative to larger values.</summary>
    public static float Tolerance(string name) => name.Contains("relu candidate", StringComparison.Ordinal) || name.Contains("keras relu", StringComparison.Ordinal) ? 1e-5f : 1e-6f;

    public static NetworkSpec Get(string name) => name switch
    {
        "rnn tanh" => new NetworkSpec(CellKind.Rnn, 3, 6),
        "rnn relu" => new NetworkSpec(CellKind.Rnn, 3, 6) { Nonlinearity = Activation.Relu, HeadSize = 2 },
        "lstm" => new NetworkSpec(CellKind.Lstm, 3, 8) { HeadSize = 2 },
        "lstm projection peepholes stacked bidirectional head" => new NetworkSpec(CellKind.Lstm, 3, 8) { ProjSize = 5, Peepholes = true, Layers = 2, Bidirectional = true, HeadSize = 3 },
        "gru reset after stacked" => new NetworkSpec(CellKind.Gru, 3, 7) { Layers = 2 },
        "gru reset before bidirectional head" => new NetworkSpec(CellKind.Gru, 3, 7) { GruReset = GruResetMode.BeforeMatmul, Bidirectional = true, HeadSize = 2 },
        "lstm hard_sigmoid gates relu candidate and cell" => new NetworkSpec(CellKind.Lstm, 3, 8)
        {
            GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Relu, CellActivation = Activation.Relu, HeadSize = 2,
        },
        "lstm keras relu stacked head" => new NetworkSpec(CellKind.Lstm, 3, 8) { CandidateActivation = Activation.Relu, CellActivation = Activation.Relu, Layers = 2, HeadSize = 2 },
        "gru hard_sigmoid gates relu candidate" => new NetworkSpec(CellKind.Gru, 3, 7) { GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Relu, HeadSize = 2 },
        "gru keras relu reset before bidirectional head" => new NetworkSpec(CellKind.Gru, 3, 7)
        {
            CandidateActivation = Activation.Relu, GruReset = GruResetMode.BeforeMatmul, Bidirectional = true, HeadSize = 2,
        },
        _ => throw new ArgumentException($"unknown case {name}", nameof(name)),
    };
}
