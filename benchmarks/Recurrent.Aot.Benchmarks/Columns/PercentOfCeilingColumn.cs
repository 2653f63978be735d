using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Recurrent.Aot.Benchmarks.Columns;

/// <summary>Achieved GFLOP/s as a percentage of <see cref="CeilingColumn"/>.</summary>
public sealed class PercentOfCeilingColumn : NumericColumn
{
    public static PercentOfCeilingColumn Instance { get; } = new();

    public override string Id => nameof(PercentOfCeilingColumn);

    public override string ColumnName => "% of ceiling";

    public override string Legend => "GFLOP/s / Ceiling GFLOP/s, in percent";

    public override int PriorityInCategory => 4;

    protected override int Decimals => 1;

    public override double? Compute(Summary summary, BenchmarkCase benchmarkCase) =>
        GflopsColumn.Instance.Compute(summary, benchmarkCase) is { } achieved
            && CeilingColumn.Instance.Compute(summary, benchmarkCase) is { } ceiling
            ? 100 * achieved / ceiling
            : null;
}
