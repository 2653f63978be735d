using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Numerics;

namespace Recurrent.Aot.Training.Tasks;

/// <summary>
/// Binary addition as a sequence task (the 3-hidden-unit RNN example): at step t the inputs are bit t of
/// a and of b (least significant first) and the target is bit t of a + b. One extra step with zero
/// inputs emits the final carry, so an n-bit addition has n + 1 steps. Trained with binary cross-entropy.
/// </summary>
public static class BinaryAdditionTask
{
    public static List<SequenceExample> Generate(int count, int bits, Pcg32 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (bits is < 1 or > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "Bits must be between 1 and 30.");
        }

        var examples = new List<SequenceExample>(count);
        for (int n = 0; n < count; n++)
        {
            long a = rng.NextInt(1 << bits);
            long b = rng.NextInt(1 << bits);
            examples.Add(Encode(a, b, bits));
        }

        return examples;
    }

    public static SequenceExample Encode(long a, long b, int bits)
    {
        int steps = bits + 1;
        float[] inputs = new float[steps * 2];
        float[] targets = new float[steps];
        long sum = a + b;
        for (int t = 0; t < steps; t++)
        {
            inputs[2 * t] = (a >> t) & 1;
            inputs[(2 * t) + 1] = (b >> t) & 1;
            targets[t] = (sum >> t) & 1;
        }

        return SequenceExample.WithTargets(inputs, steps, targets, steps);
    }
}
