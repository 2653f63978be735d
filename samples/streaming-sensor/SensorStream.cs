namespace StreamingSensor;

internal enum AnomalyKind
{
    Spike,
    LevelShift,
    StuckSensor,
    NoiseBurst,
}

/// <summary>An injected fault: samples [Start, Start + Length) are not what the sensor would have read.</summary>
internal readonly record struct Anomaly(AnomalyKind Kind, int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>The stream the app watches: the synthetic sensor, with faults injected after a clean stretch.</summary>
internal static class SensorStream
{
    public static string Describe(AnomalyKind kind) => kind switch
    {
        AnomalyKind.Spike => "spike (1 sample, ±0.8)",
        AnomalyKind.LevelShift => "level shift (±0.5, 20 samples)",
        AnomalyKind.StuckSensor => "stuck sensor (25 samples)",
        _ => "noise burst (σ 0.4, 10 samples)",
    };

    /// <summary>
    /// <paramref name="length"/> samples of a seeded sensor; after the first <paramref name="clean"/> samples,
    /// a fault of each kind in turn, 600 to 1,400 samples apart.
    /// </summary>
    public static (float[] Samples, Anomaly[] Anomalies) Create(int length, int clean, ulong seed)
    {
        var signal = new Signal(seed);
        float[] samples = new float[length];
        for (int t = 0; t < length; t++)
        {
            samples[t] = signal.Next();
        }

        var rng = new SplitMix64(seed + 0x5EED);
        var anomalies = new List<Anomaly>();
        int start = clean + 600 + rng.NextInt(800);
        for (int n = 0; start + 100 < length; n++)
        {
            var kind = (AnomalyKind)(n % 4);
            float sign = rng.NextInt(2) == 0 ? -1 : 1;
            int faultLength = kind switch
            {
                AnomalyKind.Spike => 1,
                AnomalyKind.LevelShift => 20,
                AnomalyKind.StuckSensor => 25,
                _ => 10,
            };
            for (int t = start; t < start + faultLength; t++)
            {
                samples[t] = kind switch
                {
                    AnomalyKind.Spike => samples[t] + (sign * 0.8f),
                    AnomalyKind.LevelShift => samples[t] + (sign * 0.5f),
                    AnomalyKind.StuckSensor => samples[start - 1],
                    _ => samples[t] + (float)(0.4 * rng.NextGaussian()),
                };
            }

            anomalies.Add(new Anomaly(kind, start, faultLength));
            start += faultLength + 600 + rng.NextInt(800);
        }

        return (samples, [.. anomalies]);
    }
}
