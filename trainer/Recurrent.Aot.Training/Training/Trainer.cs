using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;

namespace Recurrent.Aot.Training.Training;

/// <summary>
/// Mini-batch training: shards of each mini-batch run forward and backward in parallel, each into its
/// own gradient buffers; the buffers are then summed in shard order (deterministic whatever the core
/// count), optionally clipped by global norm, and the optimizer steps once.
/// </summary>
public sealed class Trainer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<object> _workspaces = [];
    private readonly List<T[][]> _shardGradients = [];
    private readonly T[][] _gradients;
    private readonly ParallelOptions _parallel;
    private double _lastGradientNorm;
    private bool _lastGradientNormKnown;

    public Trainer(ITrainableModel<T> model, Optimizer<T> optimizer, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        Model = model;
        Optimizer = optimizer;
        Options = options ?? new TrainerOptions();
        Options.Validate();
        _gradients = CreateGradients();
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism };
        Model.Prepare();
    }

    public ITrainableModel<T> Model { get; }

    public Optimizer<T> Optimizer { get; }

    public TrainerOptions Options { get; }

    /// <summary>The summed gradient of the last step (after clipping), in parameter order.</summary>
    public IReadOnlyList<T[]> LastGradients => _gradients;

    /// <summary>Global norm of the last step's summed gradient (<see cref="LastGradients"/>), before clipping.</summary>
    /// <remarks>Clipping needs the norm anyway; without clipping it is computed on the first read only, since nothing in a step uses it.</remarks>
    public double LastGradientNorm
    {
        get
        {
            if (!_lastGradientNormKnown)
            {
                _lastGradientNorm = GradientClipping.GlobalNorm(_gradients);
                _lastGradientNormKnown = true;
            }

            return _lastGradientNorm;
        }
    }

    /// <summary>One epoch over the data in mini-batches (shuffled by the seed and the epoch number); progress gets (batches done, batches).</summary>
    public BatchStatistics TrainEpoch(IReadOnlyList<SequenceExample> data, int epoch, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        SequenceExample[] order = [.. data];
        if (Options.Shuffle)
        {
            new Pcg32(Options.Seed, (ulong)epoch + 1).Shuffle<SequenceExample>(order);
        }

        BatchStatistics total = default;
        int batches = (order.Length + Options.BatchSize - 1) / Options.BatchSize;
        for (int start = 0, done = 1; start < order.Length; start += Options.BatchSize, done++)
        {
            total += TrainStep(new ArraySegment<SequenceExample>(order, start, Math.Min(Options.BatchSize, order.Length - start)));
            progress?.Invoke(done, batches);
        }

        return total;
    }

    /// <summary>Forward, backward and one optimizer update on one mini-batch; returns its statistics before the update.</summary>
    public BatchStatistics TrainStep(ArraySegment<SequenceExample> batch)
    {
        BatchStatistics statistics = ComputeGradients(batch);
        if (Options.ClipNorm > 0)
        {
            _lastGradientNorm = GradientClipping.ClipByGlobalNorm(_gradients, Options.ClipNorm);
            _lastGradientNormKnown = true;
        }

        // Without clipping the gradients stay as they are until the next step (the optimizer only reads
        // them), so the norm can still be taken from them when it is asked for.
        Optimizer.Step(_gradients);
        Model.Prepare();
        return statistics;
    }

    /// <summary>The mean-loss gradient of one mini-batch into <see cref="LastGradients"/>, without updating.</summary>
    public BatchStatistics ComputeGradients(ArraySegment<SequenceExample> batch)
    {
        if (batch.Count == 0)
        {
            throw new ArgumentException("A mini-batch needs at least one example.", nameof(batch));
        }

        _lastGradientNormKnown = false;
        long terms = Model.CountLossTerms(batch);
        double scale = 1.0 / terms;
        BatchStatistics[] results = RunShards(batch, scale, withGradients: true);

        // Deterministic reduction: shard 0 + shard 1 + ... in this order, whatever ran first.
        int shards = results.Length;
        for (int p = 0; p < _gradients.Length; p++)
        {
            T[] total = _gradients[p];
            _shardGradients[0][p].CopyTo(total, 0);
            for (int s = 1; s < shards; s++)
            {
                TensorPrimitives.Add(total, _shardGradients[s][p], total);
            }
        }

        return Sum(results);
    }

    /// <summary>Loss and accuracy over data without training (in parallel shards).</summary>
    public BatchStatistics Evaluate(IReadOnlyList<SequenceExample> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SequenceExample[] all = [.. data];
        BatchStatistics total = default;
        for (int start = 0; start < all.Length; start += Options.BatchSize)
        {
            total += Sum(RunShards(new ArraySegment<SequenceExample>(all, start, Math.Min(Options.BatchSize, all.Length - start)), 1.0, withGradients: false));
        }

        return total;
    }

    private BatchStatistics[] RunShards(ArraySegment<SequenceExample> batch, double scale, bool withGradients)
    {
        int shards = (batch.Count + Options.ShardSize - 1) / Options.ShardSize;
        while (_workspaces.Count < shards)
        {
            _workspaces.Add(Model.CreateWorkspace());
            _shardGradients.Add(CreateGradients());
        }

        var results = new BatchStatistics[shards];
        void RunShard(int s)
        {
            int start = s * Options.ShardSize;
            var shard = new ArraySegment<SequenceExample>(batch.Array!, batch.Offset + start, Math.Min(Options.ShardSize, batch.Count - start));
            T[][]? gradients = null;
            if (withGradients)
            {
                gradients = _shardGradients[s];
                foreach (T[] g in gradients)
                {
                    Array.Clear(g);
                }
            }

            results[s] = Model.Run(shard, _workspaces[s], gradients, scale);
        }

        if (shards == 1 || Options.MaxDegreeOfParallelism == 1)
        {
            for (int s = 0; s < shards; s++)
            {
                RunShard(s);
            }
        }
        else
        {
            Parallel.For(0, shards, _parallel, RunShard);
        }

        return results;
    }

    private static BatchStatistics Sum(BatchStatistics[] results)
    {
        BatchStatistics total = default;
        foreach (BatchStatistics r in results)
        {
            total += r;
        }

        return total;
    }

    private T[][] CreateGradients()
    {
        var buffers = new T[Model.Parameters.Count][];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new T[Model.Parameters[i].Length];
        }

        return buffers;
    }
}
