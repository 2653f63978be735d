using System.Globalization;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Recurrent.Aot.Benchmarks.Columns;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Reporting;

/// <summary>
/// Writes <c>*-medians.tsv</c>: one line per model and method with the median ns per operation and the bytes
/// allocated per operation, for tools that join this run with measurements made outside the process (the
/// anchor table joins RTNeural's).
/// </summary>
public sealed class MediansExporter : ExporterBase
{
    public static MediansExporter Instance { get; } = new();

    /// <summary>The column names of the file, tab-separated.</summary>
    public const string Header = "cell\tinput\thidden\tlayers\tmethod\tmedian_ns\tallocated_bytes";

    protected override string FileExtension => "tsv";

    protected override string FileCaption => "medians";

    public override void ExportToLog(Summary summary, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(logger);
        logger.WriteLine(Header);
        foreach (BenchmarkCase benchmarkCase in summary.BenchmarksCases)
        {
            if (Workload.ShapeOf(benchmarkCase) is not { } shape || summary[benchmarkCase]?.ResultStatistics is not { } statistics)
            {
                continue;
            }

            string allocated = summary[benchmarkCase]?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes
                ? bytes.ToString(CultureInfo.InvariantCulture)
                : "";
            logger.WriteLine(string.Join('\t',
                shape.Kind.ToString().ToUpperInvariant(),
                shape.InputSize.ToString(CultureInfo.InvariantCulture),
                shape.HiddenSize.ToString(CultureInfo.InvariantCulture),
                shape.Layers.ToString(CultureInfo.InvariantCulture),
                benchmarkCase.Descriptor.WorkloadMethod.Name,
                statistics.Median.ToString("R", CultureInfo.InvariantCulture),
                allocated));
        }
    }
}
