namespace StreamingSensor;

/// <summary>
/// The synthetic sensor: three sines (periods 40, 15.7 and 7.3 samples, amplitudes 0.6, 0.3 and 0.15) with
/// phases drawn per stream, plus Gaussian noise of standard deviation 0.05. Seeded, so a seed gives the same
/// samples on every machine. Shared by the app (the stream it watches) and by train/ (the training windows).
/// </summary>
public struct Signal
{
    public const float NoiseSigma = 0.05f;

    private static readonly (double Period, double Amplitude)[] Components = [(40.0, 0.6), (15.7, 0.3), (7.3, 0.15)];

    private SplitMix64 _rng;
    private readonly double _phase0, _phase1, _phase2;
    private long _t;

    public Signal(ulong seed)
    {
        _rng = new SplitMix64(seed);
        _phase0 = _rng.NextDouble() * 2 * Math.PI;
        _phase1 = _rng.NextDouble() * 2 * Math.PI;
        _phase2 = _rng.NextDouble() * 2 * Math.PI;
    }

    /// <summary>The next sample: the clean signal at this time plus noise.</summary>
    public float Next()
    {
        double t = _t++;
        double clean = (Components[0].Amplitude * Math.Sin((2 * Math.PI * t / Components[0].Period) + _phase0))
                     + (Components[1].Amplitude * Math.Sin((2 * Math.PI * t / Components[1].Period) + _phase1))
                     + (Components[2].Amplitude * Math.Sin((2 * Math.PI * t / Components[2].Period) + _phase2));
        return (float)(clean + (NoiseSigma * _rng.NextGaussian()));
    }
}

/// <summary>SplitMix64 with uniform and Gaussian draws: small, seeded and the same everywhere.</summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box–Muller; one of the pair).</summary>
    public double NextGaussian() => Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(Next() % (ulong)n);
}
