using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Recurrent.Aot.Benchmarks.Columns;

/// <summary>
/// How many times faster than the scalar baseline of the same model, from medians of the same run
/// (BenchmarkDotNet's own Ratio column divides means, which one slow outlier can move).
/// </summary>
public sealed class SpeedupColumn : NumericColumn
{
    public static SpeedupColumn Instance { get; } = new();

    public override string Id => nameof(SpeedupColumn);

    public override string ColumnName => "x scalar";

    public override string Legend => "Median time of the scalar baseline / median time of this method (same model, same run)";

    public override int PriorityInCategory => 0;

    public override double? Compute(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkCase? baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        // In a joined run a ceiling benchmark can share a model parameter with a step group; it has no baseline.
        return baseline is not null
            && baseline.Descriptor.Type == benchmarkCase.Descriptor.Type
            && MedianNanoseconds(summary, baseline) is { } baselineNs
            && MedianNanoseconds(summary, benchmarkCase) is { } ns
            ? baselineNs / ns
            : null;
    }
}
