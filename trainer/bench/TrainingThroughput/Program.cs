using System.Diagnostics;
using System.Globalization;
using Recurrent.Aot;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Training;

// The C# side of the training-throughput comparison: the same model, task and step as
// pytorch_train_throughput.py (one-layer LSTM, Linear head on the last step, cross-entropy over 10
// classes, clipping at norm 1, Adam), timed for a few seconds after a warm-up.
// Arguments: [seconds] [cores...]; default 5 s on 1 and 2 cores.
double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5.0;
int[] coreCounts = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [1, 2];
(int Hidden, int Steps, int Features, int Batch)[] configs = [(50, 20, 20, 32), (128, 100, 20, 32)];

Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, Vector<float>.Count = {System.Numerics.Vector<float>.Count}");
foreach (int cores in coreCounts)
{
    foreach ((int hidden, int steps, int features, int batch) in configs)
    {
        double rate = Measure(hidden, steps, features, batch, cores, seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"csharp cores={cores} hidden={hidden} steps={steps} features={features} batch={batch}: {rate:N0} sequences/s"));
    }
}

static double Measure(int hidden, int steps, int features, int batch, int cores, double seconds)
{
    var network = new RecurrentNetwork<float>(new NetworkSpec(CellKind.Lstm, features, hidden) { HeadSize = 10 });
    Initializer.InitializeDefault(network, 1);
    var model = new SequenceModel<float>(network, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);

    // One shard per core: the mini-batch is split evenly, the reduction stays in shard order.
    var options = new TrainerOptions { BatchSize = batch, ShardSize = (batch + cores - 1) / cores, ClipNorm = 1.0, MaxDegreeOfParallelism = cores };
    var trainer = new Trainer<float>(model, new AdamOptimizer<float>(model.Parameters, 1e-3), options);

    var rng = new Pcg32(1);
    var examples = new SequenceExample[batch];
    for (int b = 0; b < batch; b++)
    {
        float[] x = new float[steps * features];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextGaussian();
        }

        examples[b] = SequenceExample.WithLabels(x, steps, [rng.NextInt(10)]);
    }

    var segment = new ArraySegment<SequenceExample>(examples);
    for (int i = 0; i < 5; i++)
    {
        trainer.TrainStep(segment);
    }

    int count = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        trainer.TrainStep(segment);
        count++;
    }

    return count * batch / clock.Elapsed.TotalSeconds;
}
