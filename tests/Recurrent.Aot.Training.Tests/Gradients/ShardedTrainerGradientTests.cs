using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Parameters;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.Training.Tests.Gradients;

/// <summary>
/// The trainer's gradient (shards of unequal padded lengths, summed in order, one mean over the whole
/// mini-batch) against finite differences of the mini-batch's mean loss, with clipping off; and with
/// clipping on, the same vector rescaled to the clip norm.
/// </summary>
public sealed class ShardedTrainerGradientTests
{
    [Theory]
    [InlineData(CellKind.Lstm, LossKind.MeanSquaredError)]
    [InlineData(CellKind.Gru, LossKind.SoftmaxCrossEntropy)]
    public void Sharded_mean_loss_gradient_matches_finite_differences(CellKind cell, LossKind loss)
    {
        (RecurrentNetwork<double> network, Trainer<double> trainer, SequenceExample[] batch) = Setup(cell, loss, clip: 0);
        trainer.ComputeGradients(batch);
        double[][] analytic = trainer.LastGradients.Select(g => (double[])g.Clone()).ToArray();

        const double epsilon = 1e-6;
        foreach (Parameter<double> p in network.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double saved = p.Value[i];
                p.Value[i] = saved + epsilon;
                network.Prepare();
                double plus = trainer.Evaluate(batch).MeanLoss;
                p.Value[i] = saved - epsilon;
                network.Prepare();
                double minus = trainer.Evaluate(batch).MeanLoss;
                p.Value[i] = saved;
                double numeric = (plus - minus) / (2 * epsilon);
                double a = analytic[p.Index][i];
                Assert.True(Math.Abs(numeric - a) <= 1e-6 + (1e-5 * Math.Abs(numeric)), $"{p.Name}[{i}]: analytic {a:G9}, numeric {numeric:G9}");
            }
        }
    }

    [Fact]
    public void Clipping_rescales_the_same_gradient_to_the_clip_norm()
    {
        (_, Trainer<double> unclipped, SequenceExample[] batch) = Setup(CellKind.Lstm, LossKind.MeanSquaredError, clip: 0);
        unclipped.ComputeGradients(batch);
        double norm = GradientClipping.GlobalNorm(unclipped.LastGradients.ToArray());

        (_, Trainer<double> clipped, _) = Setup(CellKind.Lstm, LossKind.MeanSquaredError, clip: norm / 4);
        clipped.TrainStep(batch);
        Assert.Equal(norm, clipped.LastGradientNorm, 9);
        double factor = (norm / 4) / (norm + 1e-6);
        for (int p = 0; p < unclipped.LastGradients.Count; p++)
        {
            for (int i = 0; i < unclipped.LastGradients[p].Length; i++)
            {
                Assert.Equal(unclipped.LastGradients[p][i] * factor, clipped.LastGradients[p][i], 12);
            }
        }
    }

    [Fact]
    public void Without_clipping_the_reported_norm_is_the_norm_of_the_last_gradient()
    {
        (_, Trainer<double> trainer, SequenceExample[] batch) = Setup(CellKind.Gru, LossKind.MeanSquaredError, clip: 0);
        trainer.TrainStep(batch);
        double first = GradientClipping.GlobalNorm(trainer.LastGradients.ToArray());
        Assert.True(first > 0);
        Assert.Equal(first, trainer.LastGradientNorm, 12);

        // The next step's gradient differs (the weights moved): the norm must follow it, not stay cached.
        trainer.TrainStep(batch);
        double second = GradientClipping.GlobalNorm(trainer.LastGradients.ToArray());
        Assert.NotEqual(first, second);
        Assert.Equal(second, trainer.LastGradientNorm, 12);
    }

    private static (RecurrentNetwork<double>, Trainer<double>, SequenceExample[]) Setup(CellKind cell, LossKind loss, double clip)
    {
        var spec = new NetworkSpec(cell, 2, 3) { Bidirectional = true, HeadSize = 3 };
        var network = new RecurrentNetwork<double>(spec);
        var rng = new Pcg32(21);
        foreach (Parameter<double> p in network.Parameters)
        {
            Initializer.Fill<double>(p.Value, rng, 0.7);
        }

        bool everyStep = loss == LossKind.MeanSquaredError;
        var model = new SequenceModel<double>(network, loss, everyStep ? OutputMode.EveryStep : OutputMode.LastStep);
        var trainer = new Trainer<double>(model, new SgdOptimizer<double>(model.Parameters, 0.1), new TrainerOptions { ShardSize = 2, ClipNorm = clip, Shuffle = false });
        int[] lengths = [5, 2, 4, 3, 1];
        SequenceExample[] batch = lengths.Select(steps =>
        {
            float[] x = new float[steps * 2];
            Initializer.Fill<float>(x, rng, 1.0);
            if (!everyStep)
            {
                return SequenceExample.WithLabels(x, steps, [rng.NextInt(3)]);
            }

            float[] y = new float[steps * 3];
            Initializer.Fill<float>(y, rng, 1.0);
            return SequenceExample.WithTargets(x, steps, y, steps);
        }).ToArray();
        return (network, trainer, batch);
    }
}
