using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Reporting;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.Training.Tests.Data;

public sealed class FitLoopTests
{
    [Fact]
    public void Early_stopping_keeps_the_best_epochs_weights()
    {
        // Random labels: the network can only memorise, so the validation loss soon gets worse.
        var rng = new Pcg32(12);
        List<SequenceExample> Random(int count) => Enumerable.Range(0, count).Select(_ =>
        {
            float[] x = new float[4 * 3];
            Training.Initializer.Fill<float>(x, rng, 1.0);
            return SequenceExample.WithLabels(x, 4, [rng.NextInt(2)]);
        }).ToList();

        List<SequenceExample> train = Random(32), validation = Random(64);
        var network = new RecurrentNetwork<float>(new NetworkSpec(CellKind.Lstm, 3, 32) { HeadSize = 2 });
        Initializer.InitializeDefault(network, 1);
        var model = new SequenceModel<float>(network, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);
        var trainer = new Trainer<float>(model, new AdamOptimizer<float>(model.Parameters, 0.03), new TrainerOptions { BatchSize = 8 });
        var loop = new FitLoop<float>(trainer, new FitOptions { Epochs = 200, Patience = 3 });

        IReadOnlyList<EpochMetrics> history = loop.Run(train, validation);

        Assert.True(loop.StoppedEarly);
        Assert.True(history.Count < 200);
        Assert.Equal(history.Count - 4, loop.BestEpoch);
        EpochMetrics best = history[loop.BestEpoch];
        Assert.Equal(history.Min(m => m.ValidationLoss), best.ValidationLoss);
        Assert.Equal(best.ValidationLoss, trainer.Evaluate(validation).MeanLoss, 6);
    }

    [Fact]
    public void Bad_examples_are_refused_before_training_with_the_example_named()
    {
        var network = new RecurrentNetwork<float>(new NetworkSpec(CellKind.Gru, 2, 4) { HeadSize = 3 });
        var model = new SequenceModel<float>(network, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);
        var trainer = new Trainer<float>(model, new SgdOptimizer<float>(model.Parameters, 0.1));
        var loop = new FitLoop<float>(trainer, new FitOptions { Epochs = 1 });
        SequenceExample good = SequenceExample.WithLabels([1, 2, 3, 4], 2, [0]);
        SequenceExample wrongWidth = SequenceExample.WithLabels([1, 2, 3], 3, [0]);
        SequenceExample badLabel = SequenceExample.WithLabels([1, 2, 3, 4], 2, [3]);
        SequenceExample nan = SequenceExample.WithLabels([1, float.NaN, 3, 4], 2, [1]);

        Assert.Equal("Example 1: 1 input features per step, the model expects 2.", Assert.Throws<ArgumentException>(() => loop.Run([good, wrongWidth], null)).Message);
        Assert.Equal("Example 1: label 3 is outside [0, 3).", Assert.Throws<ArgumentException>(() => loop.Run([good, badLabel], null)).Message);
        Assert.Equal("Example 2: input value 1 is NaN (NaN or infinite).", Assert.Throws<ArgumentException>(() => loop.Run([good, good, nan], null)).Message);
    }

    [Fact]
    public void Csv_reader_splits_every_step_targets_and_skips_headers_and_comments()
    {
        const string csv = "# generated\ny0,y1,y2,a0,b0,a1,b1,a2,b2\n1,0,1,0.5,1,2,3,4,5\n";
        List<SequenceExample> examples = CsvSequenceReader.Read(new StringReader(csv), "seq.csv", 2, new TargetLayout { Labels = false, EveryStep = true });
        SequenceExample e = Assert.Single(examples);
        Assert.Equal(3, e.Steps);
        Assert.Equal(3, e.TargetSteps);
        Assert.Equal([1f, 0f, 1f], e.Targets!);
        Assert.Equal([0.5f, 1, 2, 3, 4, 5], e.Inputs);
    }
}
