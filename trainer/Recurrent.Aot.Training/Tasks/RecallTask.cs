using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Numerics;

namespace Recurrent.Aot.Training.Tasks;

/// <summary>
/// A long-memory task: the first step shows one of <c>symbols</c> classes (one-hot), then <c>gap</c> steps
/// of distractor noise follow, and the last step carries a recall marker; the class must be output at the
/// last step (N→1 cross-entropy). Chance accuracy is 1/symbols. The noise is uniform in [−noise, noise].
/// </summary>
/// <remarks>Input channels: symbols one-hot, one noise channel, one recall marker.</remarks>
public static class RecallTask
{
    public static int InputSize(int symbols) => symbols + 2;

    public static List<SequenceExample> Generate(int count, int gap, int symbols, Pcg32 rng, double noise = 1.0)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        int width = InputSize(symbols);
        int steps = gap + 2;
        var examples = new List<SequenceExample>(count);
        for (int n = 0; n < count; n++)
        {
            int symbol = rng.NextInt(symbols);
            float[] x = new float[steps * width];
            x[symbol] = 1;
            for (int t = 1; t <= gap; t++)
            {
                x[(t * width) + symbols] = (float)rng.NextUniform(-noise, noise);
            }

            x[((steps - 1) * width) + symbols + 1] = 1;
            examples.Add(SequenceExample.WithLabels(x, steps, [symbol]));
        }

        return examples;
    }
}
