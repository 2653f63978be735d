using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Recurrent.Aot.Benchmarks.Columns;

/// <summary>Streaming-read bandwidth in GB/s (10^9 bytes) from the median time.</summary>
public sealed class BandwidthColumn : NumericColumn
{
    public static BandwidthColumn Instance { get; } = new();

    public override string Id => nameof(BandwidthColumn);

    public override string ColumnName => "GB/s";

    public override string Legend => "Bytes read per call / median time, for a 64-byte-aligned buffer the size of the model's matrix weights";

    public override int PriorityInCategory => 2;

    public override double? Compute(Summary summary, BenchmarkCase benchmarkCase) =>
        Workload.BytesPerInvoke(benchmarkCase) is { } bytes && MedianNanoseconds(summary, benchmarkCase) is { } ns
            ? bytes / ns
            : null;
}
