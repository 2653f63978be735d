namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>Order statistics of one run of consecutive step times, in nanoseconds.</summary>
public sealed record LatencyStatistics(double Median, double P99, double Max)
{
    /// <summary>The target: no step slower than three times the median.</summary>
    public const double AllowedMaxOverMedian = 3.0;

    public double MaxOverMedian => Max / Median;

    public bool MeetsTarget => MaxOverMedian <= AllowedMaxOverMedian;

    /// <summary>Sorts <paramref name="nanoseconds"/> in place and reads the statistics off it.</summary>
    public static LatencyStatistics FromSamples(Span<double> nanoseconds)
    {
        if (nanoseconds.IsEmpty)
        {
            throw new ArgumentException("At least one timed step is needed.", nameof(nanoseconds));
        }

        nanoseconds.Sort();
        return new LatencyStatistics(
            Percentile(nanoseconds, 0.50),
            Percentile(nanoseconds, 0.99),
            nanoseconds[^1]);
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static double Percentile(ReadOnlySpan<double> sorted, double fraction)
    {
        int rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
