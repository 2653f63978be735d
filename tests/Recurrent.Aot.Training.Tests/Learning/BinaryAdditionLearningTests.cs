using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Tasks;
using Recurrent.Aot.Training.Training;
using Xunit.Abstractions;

namespace Recurrent.Aot.Training.Tests.Learning;

/// <summary>
/// The binary-addition RNN: 3 tanh hidden units, a learned initial state and a sigmoid output, trained on
/// 2,000 random 8-bit additions, tested on 1,000 unseen 16-bit additions (every bit of every sum right).
/// Measured: 7 of seeds 1–10 reach 100% (1, 2, 4, 5, 7, 8, 9); seed 6 gets 99.9%, and seeds 3 and 10 stay
/// in a local minimum that gets the XOR but not the carry right. The assertion leaves one seed of margin
/// for other SIMD widths, whose rounding changes the trajectories.
/// </summary>
[Trait("Category", "Training")]
public sealed class BinaryAdditionLearningTests(ITestOutputHelper output)
{
    [Fact]
    public void Three_hidden_units_learn_16_bit_addition_for_most_seeds()
    {
        var perfect = new List<ulong>();
        for (ulong seed = 1; seed <= 10; seed++)
        {
            double accuracy = TrainAndTest(seed);
            output.WriteLine($"seed {seed}: {accuracy:P1} of 1,000 unseen 16-bit additions exactly right");
            if (accuracy == 1.0)
            {
                perfect.Add(seed);
            }
        }

        output.WriteLine($"{perfect.Count} of 10 seeds reach 100%: {string.Join(", ", perfect)}");
        Assert.True(perfect.Count >= 6, $"only {perfect.Count} of 10 seeds reached 100%");
    }

    private static double TrainAndTest(ulong seed)
    {
        var spec = new NetworkSpec(CellKind.Rnn, 2, 3) { HeadSize = 1, HeadActivation = HeadActivation.Sigmoid, LearnInitialState = true };
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, seed);
        var model = new SequenceModel<float>(network, LossKind.BinaryCrossEntropy, OutputMode.EveryStep);
        var trainer = new Trainer<float>(model, new AdamOptimizer<float>(model.Parameters, 0.01), new TrainerOptions { BatchSize = 16, ShardSize = 16, Seed = seed });
        List<SequenceExample> train = BinaryAdditionTask.Generate(2000, 8, new Pcg32(seed, 100));
        for (int epoch = 0; epoch < 60; epoch++)
        {
            trainer.TrainEpoch(train, epoch);
        }

        List<SequenceExample> test = BinaryAdditionTask.Generate(1000, 16, new Pcg32(seed, 200));
        return SequenceAccuracy(network, test);
    }

    /// <summary>Fraction of sequences whose every output bit is right.</summary>
    private static double SequenceAccuracy(RecurrentNetwork<float> network, List<SequenceExample> test)
    {
        NetworkWorkspace<float> ws = network.CreateWorkspace();
        int right = 0;
        foreach (SequenceExample e in test)
        {
            network.Forward(ws, e.Inputs, e.Steps, 1, default, OutputMode.EveryStep);
            bool all = true;
            for (int t = 0; t < e.Steps; t++)
            {
                all &= (ws.Output[t] > 0) == (e.Targets![t] > 0.5f);
            }

            right += all ? 1 : 0;
        }

        return (double)right / test.Count;
    }
}
