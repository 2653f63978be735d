namespace LongMemory;

/// <summary>
/// Fresh sequences of the recall task, laid out as the trainer's <c>RecallTask</c> makes them: step 0 shows the
/// class one-hot, steps 1..gap carry noise uniform in [−Noise, Noise] on the noise channel, and the last step sets
/// the recall marker. Channels: <see cref="Symbols"/> one-hot, one noise channel, one marker (6 inputs).
/// Drawn from its own generator (not the trainer's), so the app tests on sequences no model has seen.
/// </summary>
public struct RecallSequences(ulong seed)
{
    public const int Symbols = 4;
    public const int Width = Symbols + 2;
    public const float Noise = 3;

    private ulong _state = seed;

    public static int Steps(int gap) => gap + 2;

    /// <summary>Writes one sequence of the gap into <paramref name="inputs"/> ((gap + 2) × 6) and returns its class.</summary>
    public int Next(int gap, Span<float> inputs)
    {
        int steps = Steps(gap);
        inputs = inputs[..(steps * Width)];
        inputs.Clear();
        int symbol = (int)(NextUInt64() % Symbols);
        inputs[symbol] = 1;
        for (int t = 1; t <= gap; t++)
        {
            inputs[(t * Width) + Symbols] = Noise * ((2 * NextUnit()) - 1);
        }

        inputs[((steps - 1) * Width) + Symbols + 1] = 1;
        return symbol;
    }

    private float NextUnit() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    // SplitMix64: small, fast, no allocation.
    private ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
