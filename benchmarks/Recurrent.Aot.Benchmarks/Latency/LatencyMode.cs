using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// The jitter check, outside BenchmarkDotNet (which reports averages of many calls): after a warm-up,
/// time each of N consecutive steps with Stopwatch.GetTimestamp and print median, p99 and max per
/// model. Target: the slowest step at most 3× the median. A timestamp costs tens of nanoseconds, so
/// the timer's own median is printed too: for the smallest models it is a large part of every sample.
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

        WriteMachineLine(options);
        var ticks = new long[options.Steps];
        var nanoseconds = new double[options.Steps];
        int runs = 0, met = 0;
        foreach (ModelShape shape in ModelShape.Both(ModelShape.GeneratorSizes))
        {
            foreach (string implementation in options.Implementations)
            {
                IStepper stepper = StepperFactory.Create(implementation, shape);
                StepperAgreement.Require(StepperFactory.Create(StepperFactory.Scalar, shape), stepper);
                WarmUpSteps(stepper);
                for (int round = 1; round <= options.Rounds; round++)
                {
                    TimeSteps(stepper, ticks);
                    LatencyStatistics statistics = ToStatistics(ticks, nanoseconds);
                    runs++;
                    met += statistics.MeetsTarget ? 1 : 0;
                    WriteRow(shape, implementation, round, statistics);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{met} of {runs} runs met max <= {LatencyStatistics.AllowedMaxOverMedian}x median ({options.Steps} consecutive steps each)."));
        return 0;
    }

    private static void WarmUpSteps(IStepper stepper)
    {
        long start = Stopwatch.GetTimestamp();
        int calls = 0;
        while (calls < 20_000 || Stopwatch.GetElapsedTime(start) < WarmUp)
        {
            stepper.RunStep();
            calls++;
        }
    }

    /// <summary>One timestamp between consecutive steps: each sample is one step plus one timer read.</summary>
    private static void TimeSteps(IStepper stepper, Span<long> ticks)
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

    private static LatencyStatistics ToStatistics(ReadOnlySpan<long> ticks, Span<double> nanoseconds)
    {
        double nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
        for (int i = 0; i < ticks.Length; i++)
        {
            nanoseconds[i] = ticks[i] * nanosecondsPerTick;
        }

        return LatencyStatistics.FromSamples(nanoseconds);
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

        return ToStatistics(ticks, new double[samples]).Median;
    }

    private static void WriteMachineLine(LatencyOptions options)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical cores, " +
            $"Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Stopwatch {Stopwatch.Frequency} Hz"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Steps} consecutive steps per run after >= {WarmUp.TotalSeconds} s of warm-up; timer read median {TimerMedianNanoseconds(options.Steps):F1} ns (included in every sample)."));
        Console.WriteLine();
        Console.WriteLine("| Model | Implementation | Run | Median ns | p99 ns | Max ns | Max / median | Steps > 3x median | Max <= 3x median |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
    }

    private static void WriteRow(ModelShape shape, string implementation, int round, LatencyStatistics statistics) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {shape} | {implementation} | {round} | {statistics.Median:F1} | {statistics.P99:F1} | {statistics.Max:F1} | {statistics.MaxOverMedian:F2} | {statistics.SlowSteps} | {(statistics.MeetsTarget ? "yes" : "no")} |"));
}
