using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Recurrent.Aot.Cli;

namespace Recurrent.Aot.Training.Tests.Samples;

/// <summary>
/// The `recurrent train` line of a sample's train.sh (copied next to the tests with the sample's committed model),
/// run in process, so the tests re-train exactly what the sample committed.
/// </summary>
internal static class SampleTraining
{
    public static string SampleFile(string sample, string name) => Path.Combine(AppContext.BaseDirectory, "samples", sample, name);

    /// <summary>
    /// The arguments after `recurrent` on the script's `recurrent train` line: quotes dropped, <c>$data</c>
    /// replaced by <paramref name="data"/>, the <c>-o</c> path replaced by <paramref name="output"/>.
    /// </summary>
    public static List<string> Arguments(string sample, string output, string? data = null)
    {
        string line = File.ReadAllLines(SampleFile(sample, "train.sh")).Single(l => l.StartsWith("recurrent train ", StringComparison.Ordinal));
        List<string> args = [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(a => a.Trim('"'))
            .Select(a => data is null ? a : a.Replace("$data", data, StringComparison.Ordinal))];
        int o = args.IndexOf("-o");
        Assert.True(o >= 0 && o + 1 < args.Count, $"no -o in: {line}");
        args[o + 1] = output;
        Assert.DoesNotContain(args, a => a.Contains('$', StringComparison.Ordinal));
        return args;
    }

    public static (int Code, string Out, string Error) Run(IEnumerable<string> args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run([.. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The last line of a --metrics CSV: epoch, train loss, train accuracy, validation loss, validation accuracy.</summary>
    public static double[] LastEpoch(string metricsCsv) =>
        [.. File.ReadAllLines(metricsCsv)[^1].Split(',').Select(v => v.Length == 0 ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture))];

    /// <summary>
    /// Where the committed bytes must come out again. The trainer's sums are fused multiply-adds in the same order
    /// for every vector width (checked: Vector&lt;float&gt; of 4, 8 and 16 lanes give the same files), but with hardware
    /// intrinsics off it multiplies and adds separately and ends on a slightly different model; and the data and
    /// initialisation go through the C library's sin/log/exp, which may round differently on another platform.
    /// So bytes are compared on x64 with vector hardware (where the files were made); elsewhere the tests check
    /// that the model learns as well instead.
    /// </summary>
    public static bool ExpectSameBytes =>
        RuntimeInformation.ProcessArchitecture == Architecture.X64 && Vector.IsHardwareAccelerated;
}
