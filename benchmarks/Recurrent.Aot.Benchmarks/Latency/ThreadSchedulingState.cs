using System.Globalization;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// What the kernel says about the calling thread, read from /proc/thread-self: the scheduling policy
/// and priority it really runs with, its nice value and the CPUs it may use. Printed instead of what
/// was requested, so the output cannot claim a real-time run that the kernel refused.
/// </summary>
internal static class ThreadSchedulingState
{
    public static string Describe()
    {
        const string stat = "/proc/thread-self/stat";
        const string status = "/proc/thread-self/status";
        if (!File.Exists(stat) || !File.Exists(status))
        {
            return "scheduling state not readable (no /proc/thread-self)";
        }

        // Fields after the command name "(...)", which may contain spaces: state is field 3 of stat(5).
        string text = File.ReadAllText(stat);
        string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        string Field(int number) => fields[number - 3];
        string policy = Field(41) switch
        {
            "0" => "SCHED_OTHER",
            "1" => "SCHED_FIFO",
            "2" => "SCHED_RR",
            "3" => "SCHED_BATCH",
            "5" => "SCHED_IDLE",
            string other => "policy " + other,
        };
        string cpus = File.ReadLines(status)
            .FirstOrDefault(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?
            .Split(':', 2)[1].Trim() ?? "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"{policy} rt priority {Field(40)}, nice {Field(19)}, allowed CPUs {cpus}");
    }
}
