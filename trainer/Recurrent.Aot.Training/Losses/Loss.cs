using System.Numerics;

namespace Recurrent.Aot.Training.Losses;

/// <summary>
/// Loss values and output gradients for rows of network outputs. Rows with <c>active[r] == false</c>
/// (padded steps) contribute nothing. Losses are summed here and scaled by the caller: the mean is
/// over the whole mini-batch, which may be split into shards.
/// </summary>
public static class Loss
{
    /// <summary>How many terms the mean divides by: active rows (cross-entropy) or active values (MSE, BCE).</summary>
    public static int TermsPerRow(LossKind kind, int width) => kind == LossKind.SoftmaxCrossEntropy ? 1 : width;

    /// <summary>
    /// Returns the summed loss over active rows and writes d(loss·scale)/d(output) into gradient (zeros for
    /// inactive rows). Regression/BCE targets are (rows, width); cross-entropy targets are class indices (rows).
    /// </summary>
    public static double Evaluate<T>(LossKind kind, ReadOnlySpan<T> outputs, int rows, int width, ReadOnlySpan<float> targets, ReadOnlySpan<int> labels, ReadOnlySpan<bool> active, T scale, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outputs.Length != rows * width || gradient.Length != rows * width)
        {
            throw new ArgumentException($"Outputs and gradient must hold {rows}·{width} values.");
        }

        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> y = outputs.Slice(r * width, width);
            Span<T> g = gradient.Slice(r * width, width);
            if (!active.IsEmpty && !active[r])
            {
                g.Clear();
                continue;
            }

            switch (kind)
            {
                case LossKind.MeanSquaredError:
                    total += SquaredError(y, targets.Slice(r * width, width), scale, g);
                    break;
                case LossKind.BinaryCrossEntropy:
                    total += BinaryCrossEntropy(y, targets.Slice(r * width, width), scale, g);
                    break;
                default:
                    total += CrossEntropy(y, labels[r], scale, g);
                    break;
            }
        }

        return total;
    }

    private static double SquaredError<T>(ReadOnlySpan<T> y, ReadOnlySpan<float> target, T scale, Span<T> g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        T two = T.CreateTruncating(2);
        for (int i = 0; i < y.Length; i++)
        {
            T diff = y[i] - T.CreateTruncating(target[i]);
            sum += double.CreateTruncating(diff * diff);
            g[i] = two * diff * scale;
        }

        return sum;
    }

    private static double BinaryCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<float> target, T scale, Span<T> g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            T x = logits[i];
            T t = T.CreateTruncating(target[i]);

            // Stable form: max(x, 0) − x·t + log(1 + e^(−|x|)).
            T loss = T.Max(x, T.Zero) - (x * t) + T.Log(T.One + T.Exp(-T.Abs(x)));
            sum += double.CreateTruncating(loss);
            T p = T.One / (T.One + T.Exp(-x));
            g[i] = (p - t) * scale;
        }

        return sum;
    }

    private static double CrossEntropy<T>(ReadOnlySpan<T> logits, int label, T scale, Span<T> g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((uint)label >= (uint)logits.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, $"A class label must be in [0, {logits.Length}).");
        }

        T max = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            max = T.Max(max, logits[i]);
        }

        T sum = T.Zero;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += T.Exp(logits[i] - max);
        }

        T logSum = T.Log(sum) + max;
        for (int i = 0; i < logits.Length; i++)
        {
            T p = T.Exp(logits[i] - logSum);
            g[i] = (i == label ? p - T.One : p) * scale;
        }

        return double.CreateTruncating(logSum - logits[label]);
    }

    /// <summary>Whether a row's prediction is right: argmax = label (cross-entropy), every value on the right side of 0.5 (BCE), or none for MSE.</summary>
    public static bool IsCorrect<T>(LossKind kind, ReadOnlySpan<T> output, ReadOnlySpan<float> target, int label)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case LossKind.SoftmaxCrossEntropy:
                int best = 0;
                for (int i = 1; i < output.Length; i++)
                {
                    if (output[i] > output[best])
                    {
                        best = i;
                    }
                }

                return best == label;
            case LossKind.BinaryCrossEntropy:
                for (int i = 0; i < output.Length; i++)
                {
                    if ((output[i] > T.Zero) != (target[i] > 0.5f))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
