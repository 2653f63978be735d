using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Recurrent.Aot.Benchmarks.Columns;

/// <summary>Achieved GFLOP/s from the median time: LSTM 8·H·(X+H), GRU 6·H·(X+H) flops per step and layer (X = H above layer 0).</summary>
public sealed class GflopsColumn : NumericColumn
{
    public static GflopsColumn Instance { get; } = new();

    public override string Id => nameof(GflopsColumn);

    public override string ColumnName => "GFLOP/s";

    public override string Legend => "Flops per call / median time (LSTM 8·H·(X+H), GRU 6·H·(X+H) per step and layer, X = H above layer 0; an FMA is 2)";

    public override int PriorityInCategory => 1;

    public override double? Compute(Summary summary, BenchmarkCase benchmarkCase) =>
        Workload.FlopsPerInvoke(benchmarkCase) is { } flops && MedianNanoseconds(summary, benchmarkCase) is { } ns
            ? flops / ns
            : null;
}
