using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// Times consecutive steps one by one, and records whether anything of the process's own could have
/// stalled them: methods JIT-compiled (a tier-up or OSR mid-run), garbage collections and bytes
/// allocated on the timing thread, all read before and after the run.
/// </summary>
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

    /// <summary>Times <paramref name="ticks"/>.Length steps and counts what the runtime did meanwhile (the counters are read outside the timed loop).</summary>
    public static RunActivity TimeStepsWithActivity(IStepper stepper, Span<long> ticks)
    {
        long compiledHere = JitInfo.GetCompiledMethodCount(currentThread: true);
        long compiled = JitInfo.GetCompiledMethodCount(currentThread: false);
        int collections = GC.CollectionCount(0);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        TimeSteps(stepper, ticks);
        return new RunActivity(
            JitInfo.GetCompiledMethodCount(currentThread: true) - compiledHere,
            JitInfo.GetCompiledMethodCount(currentThread: false) - compiled,
            GC.CollectionCount(0) - collections,
            GC.GetAllocatedBytesForCurrentThread() - allocated);
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
