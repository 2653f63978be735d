using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Recurrent.Aot.Benchmarks.Columns;

/// <summary>
/// The most a batch-1 step of this model can reach on this machine, from ceilings measured in the
/// same run: min(FMA peak, streaming bandwidth of the model's weights / 2), since every float32
/// weight (4 bytes) is read once for one FMA (2 flops). Needs the ceiling benchmarks in the same
/// summary (BenchmarkDotNet's --join); otherwise the column stays empty.
/// </summary>
public sealed class CeilingColumn : NumericColumn
{
    public static CeilingColumn Instance { get; } = new();

    public override string Id => nameof(CeilingColumn);

    public override string ColumnName => "Ceiling GFLOP/s";

    public override string Legend => "min(FMA peak GFLOP/s, streaming GB/s of a buffer the size of the weights / 2), same run";

    public override int PriorityInCategory => 3;

    public override double? Compute(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (Workload.IsFmaCeiling(benchmarkCase) || Workload.IsBandwidthCeiling(benchmarkCase)
            || Workload.ShapeOf(benchmarkCase) is not { } shape)
        {
            return null;
        }

        double? fmaPeak = summary.BenchmarksCases
            .Where(Workload.IsFmaCeiling)
            .Select(candidate => GflopsColumn.Instance.Compute(summary, candidate))
            .Max();
        double? bandwidth = summary.BenchmarksCases
            .Where(candidate => Workload.IsBandwidthCeiling(candidate) && Workload.ShapeOf(candidate) == shape)
            .Select(candidate => BandwidthColumn.Instance.Compute(summary, candidate))
            .FirstOrDefault();
        return fmaPeak is { } peak && bandwidth is { } gbPerSecond ? Math.Min(peak, gbPerSecond / 2) : null;
    }
}
