using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Recurrent.Aot.Benchmarks.Columns;

/// <summary>
/// Achieved GFLOP/s as a percentage of the FMA peak alone, measured in the same run (the faster of the 256- and
/// 512-bit ceilings). For batched steps, whose bound is the FMA peak rather than the weights' bandwidth (one weight
/// load feeds several streams), so <see cref="CeilingColumn"/>'s batch-1 ceiling does not apply: only cases of the
/// <see cref="BenchmarkConfig.StreamsCategory"/> category get a value.
/// </summary>
public sealed class PercentOfFmaPeakColumn : NumericColumn
{
    public static PercentOfFmaPeakColumn Instance { get; } = new();

    public override string Id => nameof(PercentOfFmaPeakColumn);

    public override string ColumnName => "% of FMA peak";

    public override string Legend => "GFLOP/s / the FMA peak GFLOP/s measured in the same run, in percent (batched steps only)";

    public override int PriorityInCategory => 5;

    protected override int Decimals => 1;

    public override double? Compute(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (!benchmarkCase.Descriptor.Categories.Contains(BenchmarkConfig.StreamsCategory)
            || GflopsColumn.Instance.Compute(summary, benchmarkCase) is not { } achieved)
        {
            return null;
        }

        double? peak = summary.BenchmarksCases
            .Where(Workload.IsFmaCeiling)
            .Select(candidate => GflopsColumn.Instance.Compute(summary, candidate))
            .Max();
        return peak is { } p && p > 0 ? 100 * achieved / p : null;
    }
}
