using BenchmarkDotNet.Running;
using Recurrent.Aot.Benchmarks.Ceilings;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Columns;

/// <summary>What one call of a benchmark does: flops for steps and FMA chains, bytes for streaming reads.</summary>
public static class Workload
{
    /// <summary>The model a case runs (its <see cref="ModelShape"/> parameter), if it has one.</summary>
    public static ModelShape? ShapeOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.Select(parameter => parameter.Value).OfType<ModelShape>().FirstOrDefault();

    public static bool IsFmaCeiling(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type == typeof(FmaCeilingBenchmarks);

    public static bool IsBandwidthCeiling(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type == typeof(BandwidthCeilingBenchmarks);

    /// <summary>Flops per call, or null for benchmarks that are not counted in flops.</summary>
    public static double? FlopsPerInvoke(BenchmarkCase benchmarkCase)
    {
        if (IsFmaCeiling(benchmarkCase))
        {
            return benchmarkCase.Descriptor.WorkloadMethod.Name switch
            {
                nameof(FmaCeilingBenchmarks.Fma256) => FmaCeilingBenchmarks.FlopsPerInvoke(8),
                nameof(FmaCeilingBenchmarks.Fma512) => FmaCeilingBenchmarks.FlopsPerInvoke(16),
                _ => null,
            };
        }

        return IsBandwidthCeiling(benchmarkCase) ? null : ShapeOf(benchmarkCase)?.FlopsPerStep;
    }

    /// <summary>Bytes read per call by the streaming benchmark, or null for the others.</summary>
    public static double? BytesPerInvoke(BenchmarkCase benchmarkCase) =>
        IsBandwidthCeiling(benchmarkCase) && ShapeOf(benchmarkCase) is { } shape
            ? BandwidthCeilingBenchmarks.BytesPerInvoke(shape)
            : null;
}
