namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// Order statistics of one run of consecutive step times, in nanoseconds, and how many steps were
/// slower than the allowed multiple of the median (one preempted step and a steady stream of slow
/// ones both fail the target, but mean different things). Every sample counts: the max is the
/// slowest step timed, nothing is trimmed.
/// </summary>
/// <param name="SlowestIndex">Where in the run the slowest step came (0 = first): always at the start would point at the harness.</param>
public sealed record LatencyStatistics(double Median, double P99, double P999, double Max, int SlowSteps, int SlowestIndex)
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

        int slowestIndex = 0;
        for (int i = 1; i < nanoseconds.Length; i++)
        {
            slowestIndex = nanoseconds[i] > nanoseconds[slowestIndex] ? i : slowestIndex;
        }

        nanoseconds.Sort();
        double median = Percentile(nanoseconds, 0.50);
        int slowSteps = nanoseconds.Length - CountAtMost(nanoseconds, AllowedMaxOverMedian * median);
        return new LatencyStatistics(
            median, Percentile(nanoseconds, 0.99), Percentile(nanoseconds, 0.999), nanoseconds[^1], slowSteps, slowestIndex);
    }

    /// <summary>How many of the sorted samples are at most <paramref name="limit"/>.</summary>
    private static int CountAtMost(ReadOnlySpan<double> sorted, double limit)
    {
        int index = sorted.BinarySearch(limit);
        if (index < 0)
        {
            return ~index;
        }

        // Equal values may repeat: step past all of them.
        while (index < sorted.Length && sorted[index] <= limit)
        {
            index++;
        }

        return index;
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static double Percentile(ReadOnlySpan<double> sorted, double fraction)
    {
        int rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
