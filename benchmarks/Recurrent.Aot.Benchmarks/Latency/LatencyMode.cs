using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// The jitter check, outside BenchmarkDotNet (which reports averages of many calls): after a warm-up,
/// time each of N consecutive steps with Stopwatch.GetTimestamp, R times per model, and print median,
/// p99, p99.9 and max. Target: the slowest step at most 3× the median. Each run is followed by a
/// control run of register arithmetic of the same median duration (<see cref="RegisterArithmeticControl"/>),
/// timed the same way: when the control spikes as high as the steps, the spikes are the machine's.
/// The timing thread is pinned to one CPU and runs the timed loops as SCHED_FIFO where permitted.
/// </summary>
public static class LatencyMode
{
    public const string Command = "latency";

    /// <summary>Warm-up long enough for tiered compilation to finish (tier-1 code after ~100 ms of calls).</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(0.5);

    public static int Run(ReadOnlySpan<string> args)
    {
        LatencyOptions options;
        try
        {
            options = LatencyOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(LatencyOptions.Usage);
            return 2;
        }

        // A thread of its own, so its CPU and policy are set for it alone: the runtime's other threads
        // (tiered compilation, finalizer) keep the other CPUs and normal priority. Thread.Priority is
        // set as asked, though on Linux it leaves the thread in SCHED_OTHER (no effect).
        int exitCode = 1;
        var thread = new Thread(() => exitCode = RunOnTimingThread(options))
        {
            Name = "latency timing",
            Priority = ThreadPriority.Highest,
        };
        thread.Start();
        thread.Join();
        return exitCode;
    }

    private static int RunOnTimingThread(LatencyOptions options)
    {
        WriteMachineLines(options);
        (bool realTime, int cpu) = SetUpScheduling(options);
        var timedRun = new TimedRun(realTime, cpu, options.Steps);
        Disturbance start = Disturbance.Read(cpu);
        long startTime = Stopwatch.GetTimestamp();
        var results = new List<RunResult>();
        LatencyReport.WriteRunTableHeader();
        foreach (ModelShape shape in ModelShape.Both(ModelShape.GeneratorSizes))
        {
            foreach (string implementation in options.Implementations)
            {
                IStepper stepper = StepperFactory.Create(implementation, shape);
                StepperAgreement.Require(StepperFactory.Create(StepperFactory.Scalar, shape), stepper);
                RegisterArithmeticControl control = WarmUpWithControl(stepper, timedRun);
                for (int round = 1; round <= options.Rounds; round++)
                {
                    Measurement steps = timedRun.Time(stepper);
                    Measurement controlSteps = timedRun.Time(control);
                    var result = new RunResult(shape, implementation, round, steps, controlSteps, CountSubnormal(stepper.Hidden));
                    results.Add(result);
                    LatencyReport.WriteRunRow(result);
                }
            }
        }

        LatencyReport.WriteSummary(results, options, Disturbance.Read(cpu) - start, Stopwatch.GetElapsedTime(startTime));
        return 0;
    }

    /// <summary>
    /// Warms the model up until tiered compilation is done, sizes the control to the model's median
    /// step, then takes both once through the whole timed path (policy switch, page touches, refill,
    /// timing loop) without reporting it, so every method and call site a reported run reaches is
    /// compiled and resolved before the first one. Always exactly one such round, whatever it measures.
    /// </summary>
    private static RegisterArithmeticControl WarmUpWithControl(IStepper stepper, TimedRun timedRun)
    {
        long start = Stopwatch.GetTimestamp();
        int calls = 0;
        while (calls < 20_000 || Stopwatch.GetElapsedTime(start) < WarmUp)
        {
            stepper.RunStep();
            calls++;
        }

        var ticks = new long[2000];
        StepTimer.TimeSteps(stepper, ticks);
        double median = StepTimer.ToStatistics(ticks, new double[ticks.Length]).Median;
        RegisterArithmeticControl control = ControlCalibration.Matching(stepper.Shape, median);
        timedRun.Time(stepper);
        timedRun.Time(control);
        return control;
    }

    /// <summary>
    /// Pins the calling thread and checks that real-time scheduling is granted; prints what it got.
    /// Returns whether to use SCHED_FIFO and the CPU pinned to (-1: not pinned).
    /// </summary>
    private static (bool RealTime, int Cpu) SetUpScheduling(LatencyOptions options)
    {
        if (!LinuxScheduling.IsAvailable)
        {
            Console.WriteLine("Timing thread: not Linux, so no pinning and no real-time policy; normal priority.");
            return (false, LatencyOptions.NoPinning);
        }

        int pinnedCpu = LatencyOptions.NoPinning;
        string pinning;
        if (options.Cpu == LatencyOptions.NoPinning)
        {
            pinning = "not pinned (--cpu none)";
        }
        else
        {
            (int cpu, string reason) = options.Cpu is { } requested ? (requested, "--cpu") : QuietCpu.Choose();
            if (LinuxScheduling.PinToCpu(cpu) is { } pinError)
            {
                pinning = $"not pinned: {pinError}";
            }
            else
            {
                pinning = $"pinned to CPU {cpu} ({reason})";
                pinnedCpu = cpu;
            }
        }

        bool realTime = false;
        string policy = "normal priority for the timed runs (--realtime off)";
        if (options.RealTime)
        {
            if (LinuxScheduling.EnterRealTime() is { } error)
            {
                policy = $"normal priority for the timed runs: {error}";
            }
            else
            {
                policy = $"SCHED_FIFO priority {LinuxScheduling.FifoPriority} during each timed run, as the kernel reports it: {ThreadSchedulingState.Describe()}";
                LinuxScheduling.LeaveRealTime();
                realTime = true;
            }
        }

        Console.WriteLine($"Timing thread: {pinning}; {policy}.");
        Console.WriteLine($"Between runs (normal policy): {ThreadSchedulingState.Describe()}.");
        Console.WriteLine();
        return (realTime, pinnedCpu);
    }

    private static int CountSubnormal(ReadOnlySpan<float> values)
    {
        int count = 0;
        foreach (float value in values)
        {
            count += float.IsSubnormal(value) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Median cost of one timer read, measured the same way with no work in between.</summary>
    private static double TimerMedianNanoseconds(int samples)
    {
        var ticks = new long[samples];
        long before = Stopwatch.GetTimestamp();
        for (int i = 0; i < ticks.Length; i++)
        {
            long after = Stopwatch.GetTimestamp();
            ticks[i] = after - before;
            before = after;
        }

        return StepTimer.ToStatistics(ticks, new double[samples]).Median;
    }

    private static void WriteMachineLines(LatencyOptions options)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical cores, " +
            $"Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Stopwatch {Stopwatch.Frequency} Hz"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Steps} consecutive steps per run, {options.Rounds} runs per model, after >= {WarmUp.TotalSeconds} s of warm-up; " +
            $"timer read median {TimerMedianNanoseconds(options.Steps):F1} ns (included in every sample)."));
    }
}
