using System.Numerics;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;

namespace Recurrent.Aot.Training.Training;

/// <summary>A shard's targets laid out like the network's output rows (time-major for every-step outputs), with an active flag per row.</summary>
internal sealed class ShardTargets
{
    private float[] _values = [];
    private int[] _labels = [];
    private bool[] _active = [];
    private int _rows;

    public ReadOnlySpan<float> Values => _values;

    public ReadOnlySpan<int> Labels => _labels;

    public ReadOnlySpan<bool> Active => _active.AsSpan(0, _rows);

    public void Fill(ArraySegment<SequenceExample> shard, bool everyStep, int steps, int width, LossKind loss)
    {
        int batch = shard.Count;
        _rows = everyStep ? steps * batch : batch;
        bool labels = loss == LossKind.SoftmaxCrossEntropy;
        if (_active.Length < _rows)
        {
            _active = new bool[_rows];
            _labels = new int[_rows];
        }

        if (_values.Length != (labels ? 0 : _rows * width))
        {
            _values = new float[labels ? 0 : _rows * width];
        }

        Array.Clear(_active);
        for (int b = 0; b < batch; b++)
        {
            SequenceExample e = shard[b];
            for (int t = 0; t < e.TargetSteps; t++)
            {
                int row = everyStep ? (t * batch) + b : b;
                _active[row] = true;
                if (labels)
                {
                    _labels[row] = e.Labels![t];
                }
                else
                {
                    e.Targets.AsSpan(t * width, width).CopyTo(_values.AsSpan(row * width, width));
                }
            }
        }
    }

    public (long Correct, long Predictions) CountCorrect<T>(LossKind loss, ReadOnlySpan<T> outputs, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (loss == LossKind.MeanSquaredError)
        {
            return (0, 0);
        }

        long correct = 0, predictions = 0;
        for (int r = 0; r < _rows; r++)
        {
            if (!_active[r])
            {
                continue;
            }

            predictions++;
            ReadOnlySpan<float> target = _values.Length == 0 ? default : _values.AsSpan(r * width, width);
            if (Loss.IsCorrect(loss, outputs.Slice(r * width, width), target, _labels[r]))
            {
                correct++;
            }
        }

        return (correct, predictions);
    }
}
