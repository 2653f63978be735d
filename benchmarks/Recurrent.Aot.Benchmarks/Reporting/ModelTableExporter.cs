using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Recurrent.Aot.Benchmarks.Columns;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Reporting;

/// <summary>
/// Writes <c>*-models.md</c> next to BenchmarkDotNet's own reports: one row per model with every
/// implementation side by side (BenchmarkDotNet lists one row per method), then the ceilings. Every
/// number is a median of this run, and every ratio is computed from those medians.
/// </summary>
public sealed class ModelTableExporter : ExporterBase
{
    public static ModelTableExporter Instance { get; } = new();

    protected override string FileExtension => "md";

    protected override string FileCaption => "models";

    public override void ExportToLog(Summary summary, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(logger);
        logger.WriteLine("```");
        foreach (string line in summary.HostEnvironmentInfo.ToFormattedString())
        {
            logger.WriteLine(line);
        }

        logger.WriteLine(summary.AllRuntimes);
        logger.WriteLine(CommonValues(summary));
        logger.WriteLine("```");
        logger.WriteLine();
        WriteSteps(summary, logger);
        WriteFmaCeilings(summary, logger);
        WriteBandwidthCeilings(summary, logger);
    }

    /// <summary>The values every case shares (job, toolchain, iteration counts), as BenchmarkDotNet prints them.</summary>
    private static string CommonValues(Summary summary) => string.Join(
        "  ",
        summary.Table.Columns
            .Where(column => column.OriginalColumn.Category == ColumnCategory.Job && !column.NeedToShow && !column.IsDefault)
            .Where(column => column.Content.Length > 0 && column.Content.All(value => value == column.Content[0]))
            .Select(column => $"{column.Header}={column.Content[0]}"));

    private static void WriteSteps(Summary summary, ILogger logger)
    {
        BenchmarkCase[] steps = summary.BenchmarksCases
            .Where(benchmarkCase => !Workload.IsFmaCeiling(benchmarkCase) && !Workload.IsBandwidthCeiling(benchmarkCase))
            .Where(benchmarkCase => Workload.ShapeOf(benchmarkCase) is not null)
            .ToArray();
        if (steps.Length == 0)
        {
            return;
        }

        // Baseline first, then the others in declaration order.
        string[] methods = steps
            .OrderBy(benchmarkCase => benchmarkCase.Descriptor.Baseline ? 0 : 1)
            .ThenBy(benchmarkCase => benchmarkCase.Descriptor.MethodIndex)
            .Select(MethodName)
            .Distinct()
            .ToArray();
        string baselineName = methods[0];
        string[] others = methods[1..];
        bool hasCeiling = steps.Any(benchmarkCase => CeilingColumn.Instance.Compute(summary, benchmarkCase) is not null);

        var header = new List<string> { "Model" };
        header.AddRange(methods.Select(method => $"{method} ns"));
        header.AddRange(others.Select(method => $"{method} x {baselineName}"));
        header.AddRange(others.Select(method => $"{method} GFLOP/s"));
        if (hasCeiling)
        {
            header.Add("Ceiling GFLOP/s");
            header.AddRange(others.Select(method => $"{method} % of ceiling"));
        }

        header.Add($"Allocated B/step ({string.Join(" / ", methods)})");
        WriteRow(logger, header);
        WriteRow(logger, header.Select((_, index) => index == 0 ? "---" : "---:"));

        foreach (IGrouping<ModelShape, BenchmarkCase> model in steps.GroupBy(benchmarkCase => Workload.ShapeOf(benchmarkCase)!).OrderBy(group => group.Key))
        {
            BenchmarkCase? Find(string method) => model.FirstOrDefault(benchmarkCase => MethodName(benchmarkCase) == method);
            double? Median(string method) => Find(method) is { } found ? summary[found]?.ResultStatistics?.Median : null;

            var row = new List<string> { model.Key.ToString() };
            row.AddRange(methods.Select(method => Format(Median(method), 1)));
            row.AddRange(others.Select(method => Format(Median(baselineName) / Median(method), 2)));
            row.AddRange(others.Select(method => Format(Find(method) is { } found ? GflopsColumn.Instance.Compute(summary, found) : null, 2)));
            if (hasCeiling)
            {
                row.Add(Format(CeilingColumn.Instance.Compute(summary, model.First()), 1));
                row.AddRange(others.Select(method => Format(Find(method) is { } found ? PercentOfCeilingColumn.Instance.Compute(summary, found) : null, 1)));
            }

            row.Add(string.Join(" / ", methods.Select(method => Find(method) is { } found ? AllocatedBytes(summary, found) : "?")));
            WriteRow(logger, row);
        }

        logger.WriteLine();
    }

    private static void WriteFmaCeilings(Summary summary, ILogger logger)
    {
        BenchmarkCase[] fma = summary.BenchmarksCases.Where(Workload.IsFmaCeiling).ToArray();
        if (fma.Length == 0)
        {
            return;
        }

        WriteRow(logger, ["FMA peak", "Median ns per call", "GFLOP/s"]);
        WriteRow(logger, ["---", "---:", "---:"]);
        foreach (BenchmarkCase benchmarkCase in fma)
        {
            WriteRow(logger,
            [
                MethodName(benchmarkCase),
                Format(summary[benchmarkCase]?.ResultStatistics?.Median, 1),
                Format(GflopsColumn.Instance.Compute(summary, benchmarkCase), 2),
            ]);
        }

        logger.WriteLine();
    }

    private static void WriteBandwidthCeilings(Summary summary, ILogger logger)
    {
        BenchmarkCase[] reads = summary.BenchmarksCases
            .Where(Workload.IsBandwidthCeiling)
            .OrderBy(benchmarkCase => Workload.ShapeOf(benchmarkCase))
            .ToArray();
        if (reads.Length == 0)
        {
            return;
        }

        double? fmaPeak = summary.BenchmarksCases.Where(Workload.IsFmaCeiling)
            .Select(benchmarkCase => GflopsColumn.Instance.Compute(summary, benchmarkCase))
            .Max();
        WriteRow(logger, ["Buffer = weights of", "KiB", "GB/s", "GB/s / 2", "Ceiling GFLOP/s = min(FMA peak, GB/s / 2)"]);
        WriteRow(logger, ["---", "---:", "---:", "---:", "---:"]);
        foreach (BenchmarkCase benchmarkCase in reads)
        {
            ModelShape shape = Workload.ShapeOf(benchmarkCase)!;
            double? bandwidth = BandwidthColumn.Instance.Compute(summary, benchmarkCase);
            WriteRow(logger,
            [
                shape.ToString(),
                Format(shape.MatrixWeightBytes / 1024.0, 1),
                Format(bandwidth, 1),
                Format(bandwidth / 2, 1),
                Format(fmaPeak is { } peak && bandwidth is { } gbPerSecond ? Math.Min(peak, gbPerSecond / 2) : null, 1),
            ]);
        }

        logger.WriteLine();
    }

    private static string MethodName(BenchmarkCase benchmarkCase) => benchmarkCase.Descriptor.WorkloadMethod.Name;

    private static string AllocatedBytes(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes
            ? bytes.ToString(CultureInfo.InvariantCulture)
            : "?";

    private static string Format(double? value, int decimals) =>
        value is { } number && double.IsFinite(number)
            ? number.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : "-";

    private static void WriteRow(ILogger logger, IEnumerable<string> cells) =>
        logger.WriteLine("| " + string.Join(" | ", cells) + " |");
}
