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
/// Recall one of 4 symbols after 50 steps of distractor noise (uniform in [−3, 3]; chance = 25%). Each cell
/// kind has 32 units and the same budget: 2,000 sequences × 6 epochs, Adam 0.003, clipping at norm 1,
/// keep-gate bias 3, seeds 1–5. Measured: the GRU solves it for 5 of 5 seeds and the LSTM for 4 of 5 (seed 3
/// settles on 3 of the 4 symbols); the vanilla tanh RNN for none (about 25% for every seed).
/// </summary>
[Trait("Category", "Training")]
public sealed class LongMemoryLearningTests(ITestOutputHelper output)
{
    private const int Gap = 50;
    private const int Symbols = 4;
    private const int Hidden = 32;
    private const int Epochs = 6;
    private static readonly ulong[] Seeds = [1, 2, 3, 4, 5];

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Gated_cells_remember_across_a_gap_of_50_steps(CellKind cell)
    {
        int solved = Seeds.Count(seed => TrainAndTest(cell, seed) >= 0.98);
        output.WriteLine($"{cell}: {solved} of {Seeds.Length} seeds reach at least 98%");
        Assert.True(solved >= 4, $"{cell}: only {solved} of {Seeds.Length} seeds solved the task");
    }

    [Fact]
    public void A_vanilla_rnn_of_the_same_size_cannot()
    {
        double best = Seeds.Max(seed => TrainAndTest(CellKind.Rnn, seed));
        Assert.True(best < 0.35, $"RNN: best test accuracy {best:P1} over the seeds, expected near chance (25%)");
    }

    private double TrainAndTest(CellKind cell, ulong seed)
    {
        var spec = new NetworkSpec(cell, RecallTask.InputSize(Symbols), Hidden) { HeadSize = Symbols, HeadActivation = HeadActivation.Softmax };
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, seed, forgetBias: 3.0);
        var model = new SequenceModel<float>(network, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);
        var trainer = new Trainer<float>(model, new AdamOptimizer<float>(model.Parameters, 0.003), new TrainerOptions { BatchSize = 32, ShardSize = 16, ClipNorm = 1.0 });
        List<SequenceExample> train = RecallTask.Generate(2000, Gap, Symbols, new Pcg32(1, 100), noise: 3);
        List<SequenceExample> test = RecallTask.Generate(500, Gap, Symbols, new Pcg32(1, 200), noise: 3);
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            trainer.TrainEpoch(train, epoch);
        }

        double accuracy = trainer.Evaluate(test).Accuracy;
        output.WriteLine($"{cell} seed {seed}: test accuracy {accuracy:P1}");
        return accuracy;
    }
}
