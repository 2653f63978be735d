using System.Diagnostics;
using System.Runtime.CompilerServices;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>Times consecutive steps one by one and turns the ticks into order statistics.</summary>
public static class StepTimer
{
    /// <summary>
    /// One timestamp between consecutive steps: each sample is one step plus one timer read. Compiled
    /// fully optimised on first call, so the loop never runs as tier-0 code or switches to an OSR
    /// version partway through a run.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void TimeSteps(IStepper stepper, Span<long> ticks)
    {
        long before = Stopwatch.GetTimestamp();
        for (int i = 0; i < ticks.Length; i++)
        {
            stepper.RunStep();
            long after = Stopwatch.GetTimestamp();
            ticks[i] = after - before;
            before = after;
        }
    }

    /// <summary>Ticks to nanoseconds, then the order statistics.</summary>
    public static LatencyStatistics ToStatistics(ReadOnlySpan<long> ticks, Span<double> nanoseconds)
    {
        double nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
        for (int i = 0; i < ticks.Length; i++)
        {
            nanoseconds[i] = ticks[i] * nanosecondsPerTick;
        }

        return LatencyStatistics.FromSamples(nanoseconds[..ticks.Length]);
    }
}
