using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Ceilings;

/// <summary>
/// Streaming-read bandwidth of a buffer as large as one model's matrix weights: the bound a batch-1
/// step cannot beat, since it reads every weight once for 2 flops. Small buffers are summed several
/// times per call so that at least <see cref="MinBytesPerInvoke"/> bytes pass, the way consecutive
/// steps re-read the same weights from cache. The buffer is 64-byte aligned native memory
/// (<see cref="AlignedFloatBuffer"/>) and the loop the fastest plain read measured here
/// (<see cref="StreamingReadKernels"/>), so the result is the machine's limit, not the allocator's.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BenchmarkConfig.CeilingCategory)]
public class BandwidthCeilingBenchmarks : IDisposable
{
    public const long MinBytesPerInvoke = 1 << 20;

    private AlignedFloatBuffer? buffer;
    private int passes;

    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public static IEnumerable<ModelShape> Shapes() => ModelShape.Both(ModelShape.GeneratorSizes);

    /// <summary>How often a buffer of <paramref name="bytes"/> bytes is summed in one call.</summary>
    public static int PassesFor(long bytes) => (int)Math.Max(1, MinBytesPerInvoke / bytes);

    /// <summary>
    /// Bytes one call reads for this model: the weights only. The zero padding of the last cache
    /// line (under 64 bytes, at most 7 % of the smallest model) is read but not counted, so a rate
    /// can only come out low, never high.
    /// </summary>
    public static double BytesPerInvoke(ModelShape shape) => (double)shape.MatrixWeightBytes * PassesFor(shape.MatrixWeightBytes);

    [GlobalSetup]
    public void Setup()
    {
        buffer = new AlignedFloatBuffer(Shape.MatrixWeightCount, seed: 17);
        passes = PassesFor(Shape.MatrixWeightBytes);
    }

    /// <summary>Frees the native buffer; BenchmarkDotNet calls it once per parameter value.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        buffer?.Dispose();
        buffer = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Sums with the widest vectors the JIT accelerates (the check folds to a constant), as the cells'
    /// kernels do: on a core with two 512-bit load ports, 256-bit loads would read at most half the
    /// bandwidth and understate the ceiling.
    /// </summary>
    [Benchmark]
    public unsafe float StreamRead()
    {
        AlignedFloatBuffer data = buffer ?? throw new InvalidOperationException("Setup has not run.");
        return Vector512.IsHardwareAccelerated
            ? StreamingReadKernels.Sum512(data.Start, data.LineCount, passes)
            : StreamingReadKernels.Sum256(data.Start, data.LineCount, passes);
    }
}
