using System.Runtime.InteropServices;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// The calling thread's CPU affinity and scheduling policy, through the Linux system calls (pid 0
/// means "this thread"). .NET's own knobs do not reach this far: Process.ProcessorAffinity pins the
/// process's main thread only, and Thread.Priority leaves a Linux thread in SCHED_OTHER.
/// </summary>
internal static partial class LinuxScheduling
{
    /// <summary>SCHED_FIFO priority for the timed runs: above every normal thread, below the kernel's own (99).</summary>
    public const int FifoPriority = 50;

    private const int SchedOther = 0;
    private const int SchedFifo = 1;
    private const int PermissionDenied = 1; // EPERM

    public static bool IsAvailable => OperatingSystem.IsLinux();

    /// <summary>Restricts the calling thread to one CPU; the error text when the kernel refuses.</summary>
    public static string? PinToCpu(int cpu)
    {
        if (cpu is < 0 or >= 64)
        {
            throw new ArgumentOutOfRangeException(nameof(cpu), cpu, "Expected a CPU number from 0 to 63.");
        }

        ulong mask = 1UL << cpu;
        return SetAffinity(0, sizeof(ulong), in mask) == 0 ? null : ErrorText("sched_setaffinity");
    }

    /// <summary>Switches the calling thread to SCHED_FIFO; the error text when not permitted.</summary>
    public static string? EnterRealTime()
    {
        var parameter = new SchedParam { Priority = FifoPriority };
        return SetScheduler(0, SchedFifo, in parameter) == 0 ? null : ErrorText("sched_setscheduler(SCHED_FIFO)");
    }

    /// <summary>Back to the normal time-sharing policy, so the thread does not hold the CPU between runs.</summary>
    public static void LeaveRealTime()
    {
        var parameter = new SchedParam { Priority = 0 };
        if (SetScheduler(0, SchedOther, in parameter) != 0)
        {
            throw new InvalidOperationException(ErrorText("sched_setscheduler(SCHED_OTHER)"));
        }
    }

    private static string ErrorText(string call)
    {
        int error = Marshal.GetLastPInvokeError();
        string reason = error == PermissionDenied
            ? "not permitted (needs root or CAP_SYS_NICE, and an RT budget for this cgroup)"
            : Marshal.GetPInvokeErrorMessage(error);
        return $"{call} failed: {reason} (errno {error})";
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SetAffinity(int pid, nuint size, in ulong mask);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int pid, int policy, in SchedParam parameter);
}
