using System.Diagnostics;
using System.Globalization;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// Picks the CPU for the timing thread: of the CPUs this process may use, the one that has served
/// the fewest device interrupts (the numbered lines of /proc/interrupts; timer ticks hit every CPU
/// alike and are left out). On a VM whose disk and network interrupts are routed to one CPU, that
/// keeps the timed steps off it.
/// </summary>
internal static class QuietCpu
{
    private const string InterruptsPath = "/proc/interrupts";

    /// <summary>The chosen CPU and why; CPU 0 with the reason when the counts cannot be read.</summary>
    public static (int Cpu, string Reason) Choose()
    {
        long mask = AllowedMask();
        long[]? counts = DeviceInterruptCounts();
        if (counts is null)
        {
            return (LowestAllowed(mask), $"{InterruptsPath} not readable: lowest allowed CPU");
        }

        int best = -1;
        for (int cpu = 0; cpu < counts.Length && cpu < 64; cpu++)
        {
            if ((mask & (1L << cpu)) != 0 && (best < 0 || counts[cpu] < counts[best]))
            {
                best = cpu;
            }
        }

        return best < 0
            ? (LowestAllowed(mask), "no allowed CPU in " + InterruptsPath + ": lowest allowed CPU")
            : (best, string.Create(CultureInfo.InvariantCulture,
                $"fewest device interrupts so far ({string.Join(" / ", counts.Select((count, cpu) => $"CPU {cpu}: {count}"))})"));
    }

    private static long AllowedMask()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return (1L << Math.Min(Environment.ProcessorCount, 63)) - 1;
        }

        using var process = Process.GetCurrentProcess();
        return (long)process.ProcessorAffinity;
    }

    private static int LowestAllowed(long mask) => mask == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount(mask);

    /// <summary>Sum per CPU of the numbered interrupt lines, or null when the file is not there.</summary>
    private static long[]? DeviceInterruptCounts()
    {
        if (!File.Exists(InterruptsPath))
        {
            return null;
        }

        string[] lines = File.ReadAllLines(InterruptsPath);
        if (lines.Length == 0)
        {
            return null;
        }

        int cpus = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var counts = new long[cpus];
        foreach (string line in lines.Skip(1))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            bool isDevice = fields.Length > cpus && fields[0].EndsWith(':') && char.IsAsciiDigit(fields[0][0]);
            for (int cpu = 0; isDevice && cpu < cpus; cpu++)
            {
                counts[cpu] += long.TryParse(fields[cpu + 1], NumberStyles.None, CultureInfo.InvariantCulture, out long count) ? count : 0;
            }
        }

        return counts;
    }
}
