using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.Training.Tests.Optimization;

public sealed class TruncatedBpttTests
{
    [Fact]
    public void A_window_covering_the_stream_gives_the_full_bptt_gradient()
    {
        const int steps = 12, streams = 3;
        (float[] x, float[] y) = DelayStream(steps, streams, new Pcg32(4));
        var spec = new NetworkSpec(CellKind.Lstm, 1, 5) { HeadSize = 1 };

        var streaming = new RecurrentNetwork<double>(spec);
        Initializer.InitializeDefault(streaming, 9);
        var tbptt = new TruncatedBpttTrainer<double>(streaming, LossKind.MeanSquaredError, new SgdOptimizer<double>(streaming.Parameters, 0.1), window: steps);
        tbptt.Train(x, y, default, steps, streams);

        var full = new RecurrentNetwork<double>(spec);
        Initializer.InitializeDefault(full, 9);
        var model = new SequenceModel<double>(full, LossKind.MeanSquaredError, OutputMode.EveryStep);
        var trainer = new Trainer<double>(model, new SgdOptimizer<double>(full.Parameters, 0.1), new TrainerOptions { Shuffle = false });
        trainer.ComputeGradients(new ArraySegment<SequenceExample>(ToExamples(x, y, steps, streams)));

        for (int p = 0; p < full.Parameters.Count; p++)
        {
            for (int i = 0; i < full.Parameters[p].Length; i++)
            {
                Assert.Equal(trainer.LastGradients[p][i], tbptt.LastGradients[p][i], 12);
            }
        }
    }

    [Fact]
    public void Short_windows_learn_a_delay_line_on_a_long_stream()
    {
        const int steps = 3000, streams = 4;
        (float[] x, float[] y) = DelayStream(steps, streams, new Pcg32(5));
        var network = new RecurrentNetwork<float>(new NetworkSpec(CellKind.Gru, 1, 8) { HeadSize = 1 });
        Initializer.InitializeDefault(network, 3);
        var tbptt = new TruncatedBpttTrainer<float>(network, LossKind.MeanSquaredError, new AdamOptimizer<float>(network.Parameters, 0.01), window: 10, clipNorm: 1.0);
        BatchStatistics first = tbptt.Train(x.AsSpan(0, 500 * streams), y.AsSpan(0, 500 * streams), default, 500, streams);
        BatchStatistics last = default;
        for (int pass = 0; pass < 3; pass++)
        {
            tbptt.ResetState();
            last = tbptt.Train(x, y, default, steps, streams);
        }

        // Target variance is 1/3; predicting it exactly needs the input from 2 steps back.
        Assert.True(last.MeanLoss < 0.01, $"mean squared error {last.MeanLoss:G3} (first 500 steps: {first.MeanLoss:G3})");
    }

    /// <summary>y_t = x_{t−2} for uniform x: needs memory across steps, and across window boundaries.</summary>
    private static (float[] X, float[] Y) DelayStream(int steps, int streams, Pcg32 rng)
    {
        float[] x = new float[steps * streams];
        float[] y = new float[steps * streams];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextUniform(-1, 1);
        }

        for (int t = 2; t < steps; t++)
        {
            for (int s = 0; s < streams; s++)
            {
                y[(t * streams) + s] = x[((t - 2) * streams) + s];
            }
        }

        return (x, y);
    }

    private static SequenceExample[] ToExamples(float[] x, float[] y, int steps, int streams)
    {
        var examples = new SequenceExample[streams];
        for (int s = 0; s < streams; s++)
        {
            float[] xs = new float[steps], ys = new float[steps];
            for (int t = 0; t < steps; t++)
            {
                xs[t] = x[(t * streams) + s];
                ys[t] = y[(t * streams) + s];
            }

            examples[s] = SequenceExample.WithTargets(xs, steps, ys, steps);
        }

        return examples;
    }
}
