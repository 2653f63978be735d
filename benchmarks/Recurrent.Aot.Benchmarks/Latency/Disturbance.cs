using System.Globalization;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// Counters of what took the CPU away from the timing thread, as the Linux kernel keeps them: how often
/// the scheduler preempted the thread (nonvoluntary context switches) and how long it then waited
/// for the CPU, the interrupts served by its CPU, and the time the hypervisor ran something else
/// instead of this virtual CPU (steal). Read before and after a run, outside the timed loop; the
/// difference says whether a spike had a visible cause. Zero everywhere where /proc is missing.
/// </summary>
public readonly record struct Disturbance(long Preemptions, long WaitNanoseconds, long Interrupts, long StealTicks)
{
    /// <summary>Kernel clock ticks per second of the steal counter (USER_HZ, 100 on Linux).</summary>
    public const int StealTicksPerSecond = 100;

    public static Disturbance operator -(Disturbance after, Disturbance before) => new(
        after.Preemptions - before.Preemptions,
        after.WaitNanoseconds - before.WaitNanoseconds,
        after.Interrupts - before.Interrupts,
        after.StealTicks - before.StealTicks);

    public static Disturbance Subtract(Disturbance after, Disturbance before) => after - before;

    public static Disturbance operator +(Disturbance left, Disturbance right) => new(
        left.Preemptions + right.Preemptions,
        left.WaitNanoseconds + right.WaitNanoseconds,
        left.Interrupts + right.Interrupts,
        left.StealTicks + right.StealTicks);

    public static Disturbance Add(Disturbance left, Disturbance right) => left + right;

    /// <summary>The calling thread's counters, with interrupts and steal of <paramref name="cpu"/> (all CPUs when negative).</summary>
    public static Disturbance Read(int cpu)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/thread-self/schedstat"))
        {
            return default;
        }

        // schedstat: time on the CPU, time waiting on a run queue (both ns), timeslices.
        string[] schedstat = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
        long preemptions = File.ReadLines("/proc/thread-self/status")
            .Where(line => line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
            .Select(line => Number(line.Split(':', 2)[1]))
            .FirstOrDefault();
        return new Disturbance(preemptions, Number(schedstat[1]), InterruptCount(cpu), StealTicksOf(cpu));
    }

    /// <summary>Sum of every per-CPU column of /proc/interrupts (devices, timer, IPIs) for one CPU or all.</summary>
    private static long InterruptCount(int cpu)
    {
        string[] lines = File.ReadAllLines("/proc/interrupts");
        int cpus = lines.Length == 0 ? 0 : lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        long total = 0;
        foreach (string line in lines.Skip(1))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int column = 0; column < cpus && column + 1 < fields.Length; column++)
            {
                if (cpu < 0 || column == cpu)
                {
                    total += long.TryParse(fields[column + 1], NumberStyles.None, CultureInfo.InvariantCulture, out long count) ? count : 0;
                }
            }
        }

        return total;
    }

    /// <summary>The steal column (8th value) of the CPU's line in /proc/stat, or of the "cpu" total line.</summary>
    private static long StealTicksOf(int cpu)
    {
        string prefix = cpu < 0 ? "cpu " : string.Create(CultureInfo.InvariantCulture, $"cpu{cpu} ");
        string? line = File.ReadLines("/proc/stat").FirstOrDefault(candidate => candidate.StartsWith(prefix, StringComparison.Ordinal));
        string[] fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return fields.Length > 8 ? Number(fields[8]) : 0;
    }

    private static long Number(string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : 0;
}
