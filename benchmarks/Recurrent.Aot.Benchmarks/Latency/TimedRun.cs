using System.Diagnostics;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// One timed run as the timing thread does it: raise the thread to SCHED_FIFO (when granted), read
/// the counters, run untimed steps through the same timing loop to bring the weights, the loop and
/// its call site back into cache, write each page of the sample buffer once, time the run, read the
/// counters again, drop back to the normal policy, then pause. Between the refill and the run only
/// the page writes happen, so the first timed step starts as warm as the rest. The pause hands the
/// CPU to whatever queued up meanwhile (kernel workers, other processes) instead of letting it
/// interrupt the next run, and keeps the thread well inside the kernel's real-time budget (95 % of
/// each second): a throttled thread would stall for the rest of the second, inside a run.
/// </summary>
internal sealed class TimedRun(bool realTime, int cpu, int steps)
{
    /// <summary>Untimed steps before each run: at least this long, to refill caches after the pause.</summary>
    private static readonly TimeSpan Refill = TimeSpan.FromMilliseconds(2);

    private readonly long[] refillTicks = new long[64];
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

        // Read before the refill, not between it and the run, where reading /proc or the runtime's counters
        // would push weights out of cache; so the counters also cover the refill's 2 ms.
        Disturbance before = Disturbance.Read(Cpu);
        RunActivity activityBefore = RunActivity.Capture();
        long start = Stopwatch.GetTimestamp();
        do
        {
            StepTimer.TimeSteps(stepper, refillTicks);
        }
        while (Stopwatch.GetElapsedTime(start) < Refill);

        TouchEveryPage(ticks);
        StepTimer.TimeSteps(stepper, ticks);
        RunActivity activity = RunActivity.Capture() - activityBefore;
        Disturbance disturbance = Disturbance.Read(Cpu) - before;
        if (RealTime)
        {
            LinuxScheduling.LeaveRealTime();
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        Thread.Sleep(TimeSpan.FromMilliseconds(20) + (elapsed / 5));
        return new Measurement(StepTimer.ToStatistics(ticks, nanoseconds), activity, disturbance);
    }

    /// <summary>
    /// Writes one sample per 4 KiB page of the sample buffer right before the run. On this VM the first
    /// write to a page costs 0.3–1.5 µs again and again, even to pages written in earlier runs and even
    /// when touched 2 ms before (a page-level cost outside the process: the hypervisor's or the kernel's
    /// page tracking, not traced further). Without it the slowest step of short runs sat, run after
    /// run, right after the first write to a new page of this buffer (at 2–5× the median): a cost of
    /// the harness, not of the step. Twenty stores, so the model's weights stay in cache.
    /// </summary>
    private static void TouchEveryPage(Span<long> samples)
    {
        const int SamplesPerPage = 4096 / sizeof(long);
        for (int i = 0; i < samples.Length; i += SamplesPerPage)
        {
            samples[i] = 0;
        }
    }
}
