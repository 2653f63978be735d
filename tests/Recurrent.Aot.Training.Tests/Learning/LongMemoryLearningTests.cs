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
/// Recall one of 4 symbols after 50 steps of distractor noise (chance = 25%). An LSTM and a GRU of 16 units
/// (keep-gate bias 3) solve it in 250 updates; a vanilla tanh RNN of the same size, with the same data and
/// updates, stays at chance. (Measured: given twice the updates the RNN starts to pick up part of the task,
/// 44% test accuracy after 500 updates, still far from the gated cells' 100%.)
/// </summary>
[Trait("Category", "Training")]
public sealed class LongMemoryLearningTests(ITestOutputHelper output)
{
    private const int Gap = 50;
    private const int Symbols = 4;
    private const int Hidden = 16;

    [Theory]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Gated_cells_remember_across_a_gap_of_50_steps(CellType cell)
    {
        double accuracy = TrainAndTest(cell, epochs: 4);
        Assert.True(accuracy >= 0.98, $"{cell}: test accuracy {accuracy:P1}, expected at least 98%");
    }

    [Fact]
    public void A_vanilla_rnn_of_the_same_size_cannot()
    {
        double accuracy = TrainAndTest(CellType.Rnn, epochs: 4);
        Assert.True(accuracy < 0.35, $"RNN: test accuracy {accuracy:P1}, expected near chance (25%)");
    }

    private double TrainAndTest(CellType cell, int epochs)
    {
        var spec = new NetworkSpec(cell, RecallTask.InputSize(Symbols), Hidden) { HeadSize = Symbols, HeadActivation = HeadActivation.Softmax };
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, seed: 1, forgetBias: 3.0);
        var model = new SequenceModel<float>(network, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);
        var trainer = new Trainer<float>(model, new AdamOptimizer<float>(model.Parameters, 0.01), new TrainerOptions { BatchSize = 32, ShardSize = 16, ClipNorm = 1.0 });
        List<SequenceExample> train = RecallTask.Generate(2000, Gap, Symbols, new Pcg32(1, 100));
        List<SequenceExample> test = RecallTask.Generate(500, Gap, Symbols, new Pcg32(1, 200));
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            BatchStatistics s = trainer.TrainEpoch(train, epoch);
            output.WriteLine($"{cell} epoch {epoch}: loss {s.MeanLoss:F4}, train accuracy {s.Accuracy:P1}");
        }

        double accuracy = trainer.Evaluate(test).Accuracy;
        output.WriteLine($"{cell}: test accuracy {accuracy:P1}");
        return accuracy;
    }
}
