using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using Recurrent.Aot.Benchmarks.Columns;
using Recurrent.Aot.Benchmarks.Reporting;

namespace Recurrent.Aot.Benchmarks;

/// <summary>
/// The defaults plus the columns the tables need: medians in nanoseconds, the speed-up over the scalar
/// baseline, GFLOP/s, GB/s and the share of the machine's ceiling measured in the same run.
/// </summary>
public static class BenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddColumn(
            StatisticColumn.Median,
            SpeedupColumn.Instance,
            GflopsColumn.Instance,
            BandwidthColumn.Instance,
            CeilingColumn.Instance,
            PercentOfCeilingColumn.Instance,
            PercentOfFmaPeakColumn.Instance)
        // Steps and ceilings share the model parameter; grouping by category first keeps a ceiling out of
        // a step group, where BenchmarkDotNet would give it a ratio to the scalar baseline.
        .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)
        .AddExporter(ModelTableExporter.Instance, MediansExporter.Instance)
        .HideColumns(Column.Namespace, Column.AllocRatio)
        .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Nanosecond));

    /// <summary>Category of the benchmarks that time one step of a model.</summary>
    public const string StepCategory = "step";

    /// <summary>Category of the benchmarks that step several streams per call (bounded by the FMA peak, not bandwidth).</summary>
    public const string StreamsCategory = "streams";

    /// <summary>Category of the benchmarks that measure the machine's limits.</summary>
    public const string CeilingCategory = "ceiling";
}
