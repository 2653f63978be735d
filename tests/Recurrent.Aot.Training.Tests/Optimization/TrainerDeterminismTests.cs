using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Parameters;
using Recurrent.Aot.Training.Tasks;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.Training.Tests.Optimization;

/// <summary>Same seed, same weights: whatever the core count, and across a checkpoint and resume.</summary>
public sealed class TrainerDeterminismTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "recurrent-determinism-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Weights_are_identical_on_one_core_and_on_all_cores()
    {
        float[][] serial = Train(maxCores: 1, epochs: 2);
        float[][] parallel = Train(maxCores: -1, epochs: 2);
        for (int i = 0; i < serial.Length; i++)
        {
            Assert.Equal(serial[i], parallel[i]);
        }
    }

    [Fact]
    public void A_different_seed_gives_different_weights()
    {
        float[][] a = Train(maxCores: -1, epochs: 1, seed: 1);
        float[][] b = Train(maxCores: -1, epochs: 1, seed: 2);
        Assert.NotEqual(a[0], b[0]);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_continues_exactly()
    {
        float[][] straight = Train(maxCores: -1, epochs: 4);

        (RecurrentNetwork<float> network, Trainer<float> trainer, List<SequenceExample> data) = Setup(-1, 1);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            trainer.TrainEpoch(data, epoch);
        }

        string path = Path.Combine(_directory, "checkpoint.safetensors");
        Directory.CreateDirectory(_directory);
        Checkpoint.Save(path, network.Parameters, trainer.Optimizer, epoch: 1, ModelExporter.Metadata(network.Spec));

        (RecurrentNetwork<float> resumed, Trainer<float> resumedTrainer, _) = Setup(-1, 1);
        int last = Checkpoint.Load(path, resumed.Parameters, resumedTrainer.Optimizer);
        Assert.Equal(1, last);
        resumed.Prepare();
        for (int epoch = last + 1; epoch < 4; epoch++)
        {
            resumedTrainer.TrainEpoch(data, epoch);
        }

        for (int i = 0; i < straight.Length; i++)
        {
            Assert.Equal(straight[i], resumed.Parameters[i].Value);
        }

        // A checkpoint is also a model file the runtime loads.
        Assert.Equal(network.Spec.OutputSize, RecurrentModel.Load(path).OutputSize);
    }

    [Fact]
    public void A_checkpoint_for_another_optimizer_is_refused()
    {
        (RecurrentNetwork<float> network, Trainer<float> trainer, _) = Setup(1, 1);
        string path = Path.Combine(_directory, "adam.safetensors");
        Directory.CreateDirectory(_directory);
        Checkpoint.Save(path, network.Parameters, trainer.Optimizer, epoch: 0);
        var sgd = new SgdOptimizer<float>(network.Parameters, 0.1, momentum: 0.9);
        var e = Assert.Throws<Recurrent.Aot.IO.WeightsFormatException>(() => Checkpoint.Load(path, network.Parameters, sgd));
        Assert.Contains("'adam'", e.Message, StringComparison.Ordinal);
    }

    private static float[][] Train(int maxCores, int epochs, ulong seed = 1)
    {
        (RecurrentNetwork<float> network, Trainer<float> trainer, List<SequenceExample> data) = Setup(maxCores, seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            trainer.TrainEpoch(data, epoch);
        }

        return network.Parameters.Select(p => (float[])p.Value.Clone()).ToArray();
    }

    private static (RecurrentNetwork<float>, Trainer<float>, List<SequenceExample>) Setup(int maxCores, ulong seed)
    {
        var spec = new NetworkSpec(CellKind.Lstm, RecallTask.InputSize(3), 8) { Bidirectional = true, HeadSize = 3 };
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, seed, forgetBias: 1.0);
        var model = new SequenceModel<float>(network, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);
        var options = new TrainerOptions { BatchSize = 32, ShardSize = 4, ClipNorm = 1.0, MaxDegreeOfParallelism = maxCores, Seed = seed };
        var trainer = new Trainer<float>(model, new AdamOptimizer<float>(model.Parameters, 0.01, weightDecay: 1e-4), options);
        List<SequenceExample> data = RecallTask.Generate(96, 6, 3, new Pcg32(seed, 5));
        return (network, trainer, data);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
