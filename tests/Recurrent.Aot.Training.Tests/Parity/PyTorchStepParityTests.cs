using System.Globalization;
using Recurrent.Aot.IO;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Parameters;
using Recurrent.Aot.Training.Training;
using Xunit.Abstractions;

namespace Recurrent.Aot.Training.Tests.Parity;

/// <summary>
/// One training step against PyTorch (fixtures from tests/fixtures/training/make_training_fixture.py): same
/// initial weights and batch, so the loss, the gradients and the Adam update must agree.
/// </summary>
/// <remarks>
/// Adam's first step moves every weight by about ±lr whatever the gradient's size (m̂/√v̂ = g/|g|), and with
/// weight decay the decay term alone sets the sign of many of the LSTM case's tiny gradients, so weights that
/// agree after the step prove little. Hence the gradients themselves are compared, relative to each element
/// and to the largest gradient of its tensor (an absolute 1e-5 is more than most of the LSTM case's gradients:
/// the median |g| of layer 0's W_hh is 4.5e-6, and a gradient of the reverse W_hh 20 % too small passed it),
/// and so is the update w_after − w_before, relative to PyTorch's update (fed zero gradients, Adam with the
/// LSTM case's weight decay moves 994 of its 1,053 weights within 1e-4, relative, of PyTorch's update).
/// </remarks>
/// </remarks>
public sealed class PyTorchStepParityTests(ITestOutputHelper output)
{
    /// <summary>Gradient error allowed: this fraction of the element plus <see cref="GradientScaleTolerance"/> of the tensor's largest |g|.</summary>
    private const double GradientRelativeTolerance = 1e-5;

    /// <summary>Rounding in sums whose terms cancel is relative to the tensor's scale, not to the (small) result.</summary>
    private const double GradientScaleTolerance = 1e-6;

    /// <summary>Update error allowed, relative to PyTorch's update (about lr per weight).</summary>
    private const double UpdateRelativeTolerance = 1e-5;

    [Fact]
    public void Stacked_bidirectional_projected_lstm_cross_entropy_step_matches_pytorch()
    {
        var spec = new NetworkSpec(CellKind.Lstm, 4, 6) { Layers = 2, Bidirectional = true, ProjSize = 3, HeadSize = 3 };
        RunCase("adam_step_lstm", spec, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);
    }

    [Fact]
    public void Gru_every_step_mse_step_with_clipping_matches_pytorch()
    {
        var spec = new NetworkSpec(CellKind.Gru, 4, 8) { HeadSize = 2 };
        Trainer<float> trainer = RunCase("adam_step_gru_clipped", spec, LossKind.MeanSquaredError, OutputMode.EveryStep);
        Assert.True(trainer.LastGradientNorm > trainer.Options.ClipNorm, "the fixture is meant to exercise clipping");
    }

    private Trainer<float> RunCase(string name, NetworkSpec spec, LossKind loss, OutputMode mode)
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

        double worstGradient = 0, worstUpdate = 0;
        foreach (Parameter<float> p in network.Parameters)
        {
            float[] gradient = file.ReadFloat32("grad." + p.Name);
            double[] allowed = GradientAllowance(gradient);
            worstGradient = Math.Max(worstGradient, AssertGradientClose(gradient, allowed, trainer.LastGradients[p.Index], p.Name));
            worstUpdate = Math.Max(worstUpdate, AssertUpdateClose(optimizer, gradient, allowed, file.ReadFloat32("init." + p.Name), file.ReadFloat32("updated." + p.Name), p.Value, p.Name));
        }

        output.WriteLine($"{name}: worst gradient error {worstGradient:G3} of its allowance, worst update error {worstUpdate:G3} of its allowance");
        return trainer;
    }

    /// <summary>
    /// The error allowed in each gradient element: <see cref="GradientRelativeTolerance"/> of the element plus
    /// <see cref="GradientScaleTolerance"/> of the tensor's largest |g| (a tensor whose gradient is exactly zero,
    /// like the top layer's reverse W_hh read at its first step, must stay zero up to 1e-12).
    /// </summary>
    private static double[] GradientAllowance(float[] expected)
    {
        double scale = expected.Length == 0 ? 0 : expected.Max(g => Math.Abs((double)g));
        return [.. expected.Select(g => (GradientRelativeTolerance * Math.Abs((double)g)) + Math.Max(GradientScaleTolerance * scale, 1e-12))];
    }

    /// <summary>Fails on the first gradient element off by more than its allowance; returns the largest error / allowance.</summary>
    private static double AssertGradientClose(float[] expected, double[] allowed, float[] actual, string name)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)expected[i] - actual[i]);
            Assert.True(error <= allowed[i], $"gradient of {name}[{i}]: PyTorch {expected[i]:G9}, trainer {actual[i]:G9} (|Δ| = {error:G3}, allowed {allowed[i]:G3})");
            worst = Math.Max(worst, error / allowed[i]);
        }

        return worst;
    }

    /// <summary>
    /// Compares w_after − w_before with PyTorch's update, relative to PyTorch's update; returns the largest error / allowance.
    /// The first Adam step is Δw = −lr·g′/(|g′| + ε) with g′ = g + λw, flat in g′ except where |g′| is near ε: there
    /// the gradient's own allowance, carried through that slope (lr·ε/(|g′| + ε)²), is allowed on top.
    /// </summary>
    private static double AssertUpdateClose(AdamOptimizer<float> adam, float[] gradient, double[] gradientAllowed, float[] before, float[] expectedAfter, float[] actualAfter, string name)
    {
        Assert.Equal(before.Length, actualAfter.Length);
        double worst = 0;
        for (int i = 0; i < before.Length; i++)
        {
            double expected = (double)expectedAfter[i] - before[i];
            double actual = (double)actualAfter[i] - before[i];
            // Both updates are differences of floats near w, so each carries up to half an ulp of w from rounding.
            double rounding = Math.Max(Math.Abs(before[i]), Math.Abs(expectedAfter[i])) * 1.2e-7;
            double decayed = Math.Abs(gradient[i] + (adam.WeightDecay * before[i]));
            double slope = adam.LearningRate * adam.Epsilon / ((decayed + adam.Epsilon) * (decayed + adam.Epsilon));
            double allowed = (UpdateRelativeTolerance * Math.Abs(expected)) + rounding + (slope * gradientAllowed[i]);
            double error = Math.Abs(actual - expected);
            Assert.True(error <= allowed, $"update of {name}[{i}]: PyTorch {expected:G6}, trainer {actual:G6} (|Δ| = {error:G3}, allowed {allowed:G3})");
            worst = Math.Max(worst, error / allowed);
        }

        return worst;
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
}
