using System.Numerics;

namespace BinaryAddition;

/// <summary>Adding two numbers with the network: one step per bit column, state on the stack, no allocation.</summary>
internal static class Addition
{
    /// <summary>The largest operands the app takes: 30 bits (the network was trained on 8-bit ones).</summary>
    public const int MaxBits = 30;

    public const long MaxOperand = (1L << MaxBits) - 1;

    /// <summary>Steps for a + b: one per bit of the longer operand, plus one with zero inputs for the final carry.</summary>
    public static int Steps(long a, long b) => Math.Max(1, 64 - BitOperations.LeadingZeroCount((ulong)(a | b))) + 1;

    /// <summary>
    /// Feeds bit t of <paramref name="a"/> and <paramref name="b"/> at step t (least significant first), starting
    /// from the model's learned initial state, and reads bit t of the sum from the output (&gt; 0.5 = 1).
    /// When <paramref name="hidden"/> is not empty it receives the hidden state after every step (steps × 3).
    /// </summary>
    public static long Add(long a, long b, int steps, Span<float> hidden)
    {
        AdditionRnn.State state = AdditionRnn.InitialState;
        Span<float> input = stackalloc float[AdditionRnn.InputSize];
        Span<float> output = stackalloc float[AdditionRnn.OutputSize];
        long sum = 0;
        for (int t = 0; t < steps; t++)
        {
            input[0] = (a >> t) & 1;
            input[1] = (b >> t) & 1;
            AdditionRnn.Step(input, ref state, output);
            if (output[0] > 0.5f)
            {
                sum |= 1L << t;
            }

            if (!hidden.IsEmpty)
            {
                state.Hidden().CopyTo(hidden.Slice(t * AdditionRnn.HiddenSize, AdditionRnn.HiddenSize));
            }
        }

        return sum;
    }

    /// <summary>The state of the addition automaton after column t: the carry it passes on and the sum bit it wrote.</summary>
    public static (int Carry, int Bit) TrueState(long a, long b, int t)
    {
        long mask = (2L << t) - 1;
        long partial = (a & mask) + (b & mask);
        return ((int)((partial >> (t + 1)) & 1), (int)((partial >> t) & 1));
    }
}

/// <summary>SplitMix64: a tiny seeded generator, so the app's random numbers are the same on every run and machine.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number of 1 to <see cref="Addition.MaxBits"/> bits (the bit count uniform, then the value).</summary>
    public long NextOperand()
    {
        int bits = 1 + (int)(Next() % Addition.MaxBits);
        return (long)(Next() & ((1UL << bits) - 1));
    }
}
