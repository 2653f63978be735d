using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Numerics;

namespace ReverseDigits.Train;

/// <summary>
/// The task: a string of 1 to <c>maxLength</c> decimal digits in, the same digits reversed out. Inputs are one-hot
/// rows of 10 floats, one per digit; targets are the reversed digits as class labels (the decoder's softmax head).
/// </summary>
public static class ReverseTask
{
    /// <summary>Symbols: the digits 0–9, one-hot.</summary>
    public const int Symbols = 10;

    /// <summary>A random digit string of uniformly drawn length 1..<paramref name="maxLength"/>.</summary>
    public static int[] RandomDigits(Pcg32 rng, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var digits = new int[1 + rng.NextInt(maxLength)];
        for (int i = 0; i < digits.Length; i++)
        {
            digits[i] = rng.NextInt(Symbols);
        }

        return digits;
    }

    /// <summary>One-hot rows (digits.Length, 10).</summary>
    public static float[] OneHot(ReadOnlySpan<int> digits)
    {
        var rows = new float[digits.Length * Symbols];
        for (int i = 0; i < digits.Length; i++)
        {
            rows[(i * Symbols) + digits[i]] = 1f;
        }

        return rows;
    }

    /// <summary>The training example of one string: its one-hot digits in, the reversed digits as labels out.</summary>
    public static SequenceExample Example(int[] digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        int[] reversed = [.. digits];
        Array.Reverse(reversed);
        return SequenceExample.WithLabels(OneHot(digits), digits.Length, reversed);
    }

    /// <summary><paramref name="count"/> random examples.</summary>
    public static List<SequenceExample> Examples(int count, int maxLength, Pcg32 rng)
    {
        var examples = new List<SequenceExample>(count);
        for (int i = 0; i < count; i++)
        {
            examples.Add(Example(RandomDigits(rng, maxLength)));
        }

        return examples;
    }
}
