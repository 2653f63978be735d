namespace Recurrent.Aot.Training.Training;

/// <summary>How a <see cref="Trainer{T}"/> batches and parallelises.</summary>
public sealed record TrainerOptions
{
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Sequences per shard. A mini-batch is cut into shards of this size whatever the core count, and
    /// shard gradients are summed in shard order, so results depend on the seed and this size only.
    /// </summary>
    public int ShardSize { get; init; } = 16;

    /// <summary>Clip gradients to this global L2 norm; 0 = no clipping.</summary>
    public double ClipNorm { get; init; }

    /// <summary>Cores to use; -1 = all.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Seed of the per-epoch shuffles.</summary>
    public ulong Seed { get; init; } = 1;

    public bool Shuffle { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ShardSize);
        ArgumentOutOfRangeException.ThrowIfNegative(ClipNorm);
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use -1 (all cores) or a positive count.");
        }
    }
}
