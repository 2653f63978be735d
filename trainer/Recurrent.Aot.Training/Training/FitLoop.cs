using System.Diagnostics;
using System.Numerics;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Reporting;

namespace Recurrent.Aot.Training.Training;

/// <summary>Settings of a <see cref="FitLoop{T}"/>.</summary>
public sealed record FitOptions
{
    public int Epochs { get; init; } = 10;

    /// <summary>Stop after this many epochs without a better validation loss; 0 = never stop early.</summary>
    public int Patience { get; init; }

    /// <summary>Save a checkpoint here after every epoch (null = none).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Metadata stored with checkpoints (the model's <c>recurrent.*</c> keys).</summary>
    public IReadOnlyDictionary<string, string>? CheckpointMetadata { get; init; }
}

/// <summary>
/// Epochs of training with validation, early stopping on the validation loss (train loss without
/// validation data) and per-epoch checkpoints; the best epoch's weights are restored at the end.
/// </summary>
public sealed class FitLoop<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Trainer<T> _trainer;
    private readonly FitOptions _options;

    public FitLoop(Trainer<T> trainer, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Epochs);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Patience);
        _trainer = trainer;
        _options = options;
    }

    public int BestEpoch { get; private set; } = -1;

    public bool StoppedEarly { get; private set; }

    /// <summary>Runs epochs firstEpoch..Epochs−1; onEpoch sees each epoch's metrics, onBatch the progress inside an epoch.</summary>
    public IReadOnlyList<EpochMetrics> Run(IReadOnlyList<SequenceExample> train, IReadOnlyList<SequenceExample>? validation, int firstEpoch = 0, Action<EpochMetrics>? onEpoch = null, Action<int, int, int>? onBatch = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        _trainer.Model.Validate(train);
        if (validation is { Count: > 0 })
        {
            _trainer.Model.Validate(validation);
        }

        var history = new List<EpochMetrics>();
        double best = double.PositiveInfinity;
        T[][] bestWeights = _trainer.Model.Parameters.Select(p => (T[])p.Value.Clone()).ToArray();
        int sinceBest = 0;
        for (int epoch = firstEpoch; epoch < _options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            int current = epoch;
            BatchStatistics t = _trainer.TrainEpoch(train, epoch, onBatch is null ? null : (done, total) => onBatch(current, done, total));
            BatchStatistics v = validation is { Count: > 0 } ? _trainer.Evaluate(validation) : new BatchStatistics(double.NaN, 0, 0, 0);
            var metrics = new EpochMetrics(epoch, t.MeanLoss, t.Accuracy, v.Terms == 0 ? double.NaN : v.MeanLoss, v.Accuracy, clock.Elapsed.TotalSeconds);
            history.Add(metrics);
            onEpoch?.Invoke(metrics);

            if (_options.CheckpointPath is not null)
            {
                Checkpoint.Save(_options.CheckpointPath, _trainer.Model.Parameters, _trainer.Optimizer, epoch, _options.CheckpointMetadata);
            }

            double score = metrics.HasValidation ? metrics.ValidationLoss : metrics.TrainLoss;
            if (score < best)
            {
                best = score;
                BestEpoch = epoch;
                sinceBest = 0;
                for (int i = 0; i < bestWeights.Length; i++)
                {
                    _trainer.Model.Parameters[i].Value.CopyTo(bestWeights[i], 0);
                }
            }
            else if (_options.Patience > 0 && ++sinceBest >= _options.Patience)
            {
                StoppedEarly = true;
                break;
            }
        }

        if (BestEpoch >= 0)
        {
            for (int i = 0; i < bestWeights.Length; i++)
            {
                bestWeights[i].CopyTo(_trainer.Model.Parameters[i].Value, 0);
            }

            _trainer.Model.Prepare();
        }

        return history;
    }
}
