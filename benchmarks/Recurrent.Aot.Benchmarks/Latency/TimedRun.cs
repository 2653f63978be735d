using System.Diagnostics;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// One timed run as the timing thread does it: raise the thread to SCHED_FIFO (when granted), run a
/// few untimed steps to bring the weights back into cache, time the run, drop back to the normal
/// policy, then pause. The pause hands the CPU to whatever queued up meanwhile (kernel workers,
/// other processes) instead of letting it interrupt the next run, and keeps the thread well inside
/// the kernel's real-time budget (95 % of each second): a throttled thread would stall for the rest
/// of the second, inside a run.
/// </summary>
internal sealed class TimedRun(bool realTime, int cpu, int steps)
{
    /// <summary>Untimed steps before each run: at least this long, to refill caches after the pause.</summary>
    private static readonly TimeSpan Refill = TimeSpan.FromMilliseconds(2);

    private readonly long[] ticks = new long[steps];
    private readonly double[] nanoseconds = new double[steps];

    public bool RealTime { get; } = realTime;

    /// <summary>The CPU the thread is pinned to, or -1 (then interrupts and steal are counted over all CPUs).</summary>
    public int Cpu { get; } = cpu;

    public Measurement Time(IStepper stepper)
    {
        if (RealTime && LinuxScheduling.EnterRealTime() is { } error)
        {
            throw new InvalidOperationException(error);
        }

        // Read before the refill, not between it and the run: reading /proc would push weights out of cache.
        Disturbance before = Disturbance.Read(Cpu);
        long start = Stopwatch.GetTimestamp();
        for (int calls = 0; calls < 100 || Stopwatch.GetElapsedTime(start) < Refill; calls++)
        {
            stepper.RunStep();
        }

        RunActivity activity = StepTimer.TimeStepsWithActivity(stepper, ticks);
        Disturbance disturbance = Disturbance.Read(Cpu) - before;
        if (RealTime)
        {
            LinuxScheduling.LeaveRealTime();
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        Thread.Sleep(TimeSpan.FromMilliseconds(20) + (elapsed / 5));
        return new Measurement(StepTimer.ToStatistics(ticks, nanoseconds), activity, disturbance);
    }
}
