using System.Globalization;
using Recurrent.Aot.IO;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Parameters;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.Training.Tests.Parity;

/// <summary>
/// One training step against PyTorch (fixtures from tests/fixtures/training/make_training_fixture.py):
/// same initial weights and batch, so the gradients and the weights after one Adam step must agree within 1e-5.
/// </summary>
public sealed class PyTorchStepParityTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void Stacked_bidirectional_projected_lstm_cross_entropy_step_matches_pytorch()
    {
        var spec = new NetworkSpec(CellType.Lstm, 4, 6) { Layers = 2, Bidirectional = true, ProjSize = 3, HeadSize = 3 };
        RunCase("adam_step_lstm", spec, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);
    }

    [Fact]
    public void Gru_every_step_mse_step_with_clipping_matches_pytorch()
    {
        var spec = new NetworkSpec(CellType.Gru, 4, 8) { HeadSize = 2 };
        Trainer<float> trainer = RunCase("adam_step_gru_clipped", spec, LossKind.MeanSquaredError, OutputMode.EveryStep);
        Assert.True(trainer.LastGradientNorm > trainer.Options.ClipNorm, "the fixture is meant to exercise clipping");
    }

    private static Trainer<float> RunCase(string name, NetworkSpec spec, LossKind loss, OutputMode mode)
    {
        SafeTensorsFile file = SafeTensorsFile.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "training", name + ".safetensors"));
        var network = new RecurrentNetwork<float>(spec);
        foreach (Parameter<float> p in network.Parameters)
        {
            file.ReadFloat32("init." + p.Name, p.Value);
        }

        double Setting(string key) => double.Parse(file.Metadata["case." + key], CultureInfo.InvariantCulture);
        var model = new SequenceModel<float>(network, loss, mode);
        var optimizer = new AdamOptimizer<float>(model.Parameters, Setting("lr"), weightDecay: Setting("weight_decay"));
        var trainer = new Trainer<float>(model, optimizer, new TrainerOptions { ShardSize = 2, ClipNorm = Setting("clip"), Shuffle = false });

        SequenceExample[] batch = Examples(file, spec, loss, mode);
        BatchStatistics statistics = trainer.TrainStep(batch);
        Assert.Equal(Setting("loss_value"), statistics.MeanLoss, 5);

        foreach (Parameter<float> p in network.Parameters)
        {
            AssertClose(file.ReadFloat32("grad." + p.Name), trainer.LastGradients[p.Index], "gradient of " + p.Name);
            AssertClose(file.ReadFloat32("updated." + p.Name), p.Value, "updated " + p.Name);
        }

        return trainer;
    }

    /// <summary>Splits the fixture's (seq, batch, features) input into one example per batch entry.</summary>
    private static SequenceExample[] Examples(SafeTensorsFile file, NetworkSpec spec, LossKind loss, OutputMode mode)
    {
        int[] shape = file.GetTensor("data.input").Shape;
        int steps = shape[0], batch = shape[1], features = shape[2];
        float[] input = file.ReadFloat32("data.input");
        float[] target = file.ReadFloat32("data.target");
        var examples = new SequenceExample[batch];
        for (int b = 0; b < batch; b++)
        {
            float[] x = new float[steps * features];
            for (int t = 0; t < steps; t++)
            {
                input.AsSpan(((t * batch) + b) * features, features).CopyTo(x.AsSpan(t * features));
            }

            if (loss == LossKind.SoftmaxCrossEntropy)
            {
                examples[b] = SequenceExample.WithLabels(x, steps, [(int)target[b]]);
            }
            else
            {
                int width = spec.OutputSize;
                int targetSteps = mode == OutputMode.EveryStep ? steps : 1;
                float[] y = new float[targetSteps * width];
                for (int t = 0; t < targetSteps; t++)
                {
                    target.AsSpan(((t * batch) + b) * width, width).CopyTo(y.AsSpan(t * width));
                }

                examples[b] = SequenceExample.WithTargets(x, steps, y, targetSteps);
            }
        }

        return examples;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float error = MathF.Abs(expected[i] - actual[i]);
            Assert.True(error <= Tolerance, $"{what}[{i}]: PyTorch {expected[i]:G9}, trainer {actual[i]:G9} (|Δ| = {error:G3})");
        }
    }
}
