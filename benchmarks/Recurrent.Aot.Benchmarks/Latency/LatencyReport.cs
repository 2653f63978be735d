using System.Globalization;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// The latency mode's Markdown output: one row per run as it finishes, then a table per model of how
/// many runs met the target, and totals that say whether the control saw the same spikes.
/// </summary>
internal static class LatencyReport
{
    private const double Allowed = LatencyStatistics.AllowedMaxOverMedian;

    public static void WriteRunTableHeader()
    {
        Console.WriteLine("Every timed step counts (nothing is dropped). \"Control\" is register arithmetic of the same median duration, timed right");
        Console.WriteLine("after the steps by the same loop and timer. \"Preempted\" is how often the scheduler took the CPU from the timing thread");
        Console.WriteLine("during the run (and the µs it waited); \"Slowest at\" the slowest step's place in the run (0 = first); \"IRQs\" the interrupts its CPU served meanwhile (timer ticks included);");
        Console.WriteLine("\"JIT here / any, GC, B\": methods compiled on the timing thread / on any thread (background tier-up), collections, and");
        Console.WriteLine("bytes allocated on the timing thread, while the steps and the control were timed.");
        Console.WriteLine();
        Console.WriteLine("| Model | Implementation | Run | Median ns | p99 ns | p99.9 ns | Max ns | Slowest at | Max / median | Steps > 3x median | Met | Preempted (µs) | IRQs | Control median ns | Control max ns | Control max / median | Control > 3x median | Control IRQs | JIT here / any, GC, B |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
    }

    public static void WriteRunRow(RunResult run)
    {
        LatencyStatistics s = run.Steps.Statistics;
        LatencyStatistics c = run.Control.Statistics;
        Disturbance d = run.Steps.Disturbance;
        RunActivity a = run.Steps.Activity + run.Control.Activity;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {run.Shape} | {run.Implementation} | {run.Round} | {s.Median:F1} | {s.P99:F1} | {s.P999:F1} | {s.Max:F1} | {s.SlowestIndex} | {s.MaxOverMedian:F2} | {s.SlowSteps} | {YesNo(s.MeetsTarget)} " +
            $"| {d.Preemptions} ({d.WaitNanoseconds / 1000.0:F0}) | {d.Interrupts} " +
            $"| {c.Median:F1} | {c.Max:F1} | {c.MaxOverMedian:F2} | {c.SlowSteps} | {run.Control.Disturbance.Interrupts} " +
            $"| {a.CompiledOnTimingThread} / {a.CompiledAnywhere}, {a.Collections}, {a.BytesAllocated} |"));
    }

    public static void WriteSummary(IReadOnlyList<RunResult> runs, LatencyOptions options, Disturbance whole, TimeSpan elapsed)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Each model ran {options.Rounds} times so that one unlucky interrupt does not decide it; a run meets the target when its slowest step is <= {Allowed}x its median."));
        Console.WriteLine();
        Console.WriteLine("| Model | Implementation | Runs met | Max / median per run | Control runs within 3x | Control max / median per run |");
        Console.WriteLine("|---|---|---:|---|---:|---|");
        foreach (IGrouping<(ModelShape Shape, string Implementation), RunResult> model in runs.GroupBy(run => (run.Shape, run.Implementation)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {model.Key.Shape} | {model.Key.Implementation} | {model.Count(run => run.Steps.Statistics.MeetsTarget)} of {model.Count()} " +
                $"| {Ratios(model.Select(run => run.Steps.Statistics))} | {model.Count(run => run.Control.Statistics.MeetsTarget)} of {model.Count()} " +
                $"| {Ratios(model.Select(run => run.Control.Statistics))} |"));
        }

        int total = runs.Count;
        int stepsMet = runs.Count(run => run.Steps.Statistics.MeetsTarget);
        int controlMet = runs.Count(run => run.Control.Statistics.MeetsTarget);
        int bothMissed = runs.Count(run => !run.Steps.Statistics.MeetsTarget && !run.Control.Statistics.MeetsTarget);
        int onlyStepMissed = runs.Count(run => !run.Steps.Statistics.MeetsTarget && run.Control.Statistics.MeetsTarget);
        int onlyControlMissed = runs.Count(run => run.Steps.Statistics.MeetsTarget && !run.Control.Statistics.MeetsTarget);
        RunActivity activity = runs.Aggregate(default(RunActivity), (sum, run) => sum + run.Steps.Activity + run.Control.Activity);
        Disturbance timed = runs.Aggregate(default(Disturbance), (sum, run) => sum + run.Steps.Disturbance + run.Control.Disturbance);
        int subnormal = runs.Sum(run => run.SubnormalStates);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Steps: {stepsMet} of {total} runs met max <= {Allowed}x median ({options.Steps} consecutive steps each)."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Control: {controlMet} of {total} runs stayed within {Allowed}x its own median."));
        long samples = (long)total * options.Steps;
        long slowSteps = runs.Sum(run => (long)run.Steps.Statistics.SlowSteps);
        long slowControl = runs.Sum(run => (long)run.Control.Statistics.SlowSteps);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Samples slower than 3x their run's median, over all runs: steps {slowSteps} of {samples} ({100.0 * slowSteps / samples:F3} %), control {slowControl} ({100.0 * slowControl / samples:F3} %)."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Missed by both the steps and their control: {bothMissed}; by the steps only: {onlyStepMissed}; by the control only: {onlyControlMissed}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"During the timed runs: {activity.CompiledOnTimingThread} methods JIT-compiled on the timing thread ({activity.CompiledAnywhere} on any thread), {activity.Collections} garbage collections, " +
            $"{activity.BytesAllocated} bytes allocated on the timing thread; the timing thread was preempted {timed.Preemptions} times; " +
            $"{subnormal} subnormal values in the hidden states after the runs."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Steal (the hypervisor running something else on the timing CPU) over the whole mode: {whole.StealTicks * 1000 / Disturbance.StealTicksPerSecond} ms of {elapsed.TotalSeconds:F1} s."));
        Console.WriteLine(Verdict(total, stepsMet, onlyStepMissed, activity));
    }

    private static string Verdict(int total, int stepsMet, int onlyStepMissed, RunActivity activity)
    {
        string runtime = activity.IsQuiet
            ? "nothing of the process's own (JIT on the timing thread, GC, allocation) happened during any timed run"
            : "the runtime compiled, collected or allocated on the timing thread during some timed runs (see the JIT column)";
        if (stepsMet == total)
        {
            return $"Verdict: target met in every run; {runtime}.";
        }

        return onlyStepMissed == 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"Verdict: target missed in {total - stepsMet} of {total} runs, and in every one of them the control (no memory, no calls, no allocation) also spiked past {Allowed}x: the spikes are the machine's; {runtime}.")
            : string.Create(CultureInfo.InvariantCulture,
                $"Verdict: target missed in {total - stepsMet} of {total} runs; in {onlyStepMissed} of them the control stayed within {Allowed}x, so those spikes are not shown to be the machine's; {runtime}.");
    }

    private static string Ratios(IEnumerable<LatencyStatistics> runs) =>
        string.Join(" / ", runs.Select(run => run.MaxOverMedian.ToString("F2", CultureInfo.InvariantCulture)));

    private static string YesNo(bool value) => value ? "yes" : "no";
}
