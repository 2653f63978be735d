using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using Recurrent.Aot.Benchmarks.Columns;

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
            PercentOfCeilingColumn.Instance)
        .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Nanosecond));
}
