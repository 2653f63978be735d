using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Ceilings;

/// <summary>
/// Streaming-read bandwidth of a buffer as large as one model's matrix weights: the bound a batch-1
/// step cannot beat, since it reads every weight once for 2 flops. Small buffers are summed several
/// times per call so that at least <see cref="MinBytesPerInvoke"/> bytes pass, the way consecutive
/// steps re-read the same weights from cache.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BenchmarkConfig.CeilingCategory)]
public class BandwidthCeilingBenchmarks
{
    public const long MinBytesPerInvoke = 1 << 20;

    private float[] buffer = [];
    private int passes;

    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public static IEnumerable<ModelShape> Shapes() => ModelShape.Both(ModelShape.GeneratorSizes);

    /// <summary>How often a buffer of <paramref name="bytes"/> bytes is summed in one call.</summary>
    public static int PassesFor(long bytes) => (int)Math.Max(1, MinBytesPerInvoke / bytes);

    /// <summary>Bytes one call reads for this model.</summary>
    public static double BytesPerInvoke(ModelShape shape) => (double)shape.MatrixWeightBytes * PassesFor(shape.MatrixWeightBytes);

    [GlobalSetup]
    public void Setup()
    {
        buffer = GC.AllocateUninitializedArray<float>(Shape.MatrixWeightCount, pinned: true);
        var random = new Random(17);
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = random.NextSingle();
        }

        passes = PassesFor(Shape.MatrixWeightBytes);
    }

    [Benchmark]
    public float StreamRead()
    {
        float total = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            total += Sum(buffer);
        }

        return total;
    }

    /// <summary>
    /// Sums with the widest vectors the JIT accelerates (the check folds to a constant), as the cells'
    /// kernels do: on a core with two 512-bit load ports, 256-bit loads would read at most half the
    /// bandwidth and understate the ceiling.
    /// </summary>
    private static float Sum(float[] data) =>
        Vector512.IsHardwareAccelerated ? Sum512(data) : Sum256(data);

    /// <summary>
    /// 16 independent accumulators: with two loads and two adds per cycle at an add latency of 3–4
    /// cycles, 8 would just cover the latency, and measured 35–50 % slower on L1-sized buffers. The
    /// tail that does not fill 16 vectors goes one vector, then one float, at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Sum512(float[] data)
    {
        ref float start = ref MemoryMarshal.GetArrayDataReference(data);
        int length = data.Length;
        int width = Vector512<float>.Count;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<float> a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
        Vector512<float> b4 = default, b5 = default, b6 = default, b7 = default;
        int i = 0;
        for (; i <= length - (16 * width); i += 16 * width)
        {
            a0 += Vector512.LoadUnsafe(ref start, (nuint)i);
            a1 += Vector512.LoadUnsafe(ref start, (nuint)(i + width));
            a2 += Vector512.LoadUnsafe(ref start, (nuint)(i + (2 * width)));
            a3 += Vector512.LoadUnsafe(ref start, (nuint)(i + (3 * width)));
            a4 += Vector512.LoadUnsafe(ref start, (nuint)(i + (4 * width)));
            a5 += Vector512.LoadUnsafe(ref start, (nuint)(i + (5 * width)));
            a6 += Vector512.LoadUnsafe(ref start, (nuint)(i + (6 * width)));
            a7 += Vector512.LoadUnsafe(ref start, (nuint)(i + (7 * width)));
            b0 += Vector512.LoadUnsafe(ref start, (nuint)(i + (8 * width)));
            b1 += Vector512.LoadUnsafe(ref start, (nuint)(i + (9 * width)));
            b2 += Vector512.LoadUnsafe(ref start, (nuint)(i + (10 * width)));
            b3 += Vector512.LoadUnsafe(ref start, (nuint)(i + (11 * width)));
            b4 += Vector512.LoadUnsafe(ref start, (nuint)(i + (12 * width)));
            b5 += Vector512.LoadUnsafe(ref start, (nuint)(i + (13 * width)));
            b6 += Vector512.LoadUnsafe(ref start, (nuint)(i + (14 * width)));
            b7 += Vector512.LoadUnsafe(ref start, (nuint)(i + (15 * width)));
        }

        for (; i <= length - width; i += width)
        {
            a0 += Vector512.LoadUnsafe(ref start, (nuint)i);
        }

        Vector512<float> a = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
        Vector512<float> b = ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7));
        float sum = Vector512.Sum(a + b);
        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref start, i);
        }

        return sum;
    }

    /// <summary>
    /// 256-bit vectors for cores without accelerated 512-bit ones: 8 accumulators, as AVX2 code has
    /// only 16 vector registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Sum256(float[] data)
    {
        ref float start = ref MemoryMarshal.GetArrayDataReference(data);
        int length = data.Length;
        int width = Vector256<float>.Count;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> a4 = default, a5 = default, a6 = default, a7 = default;
        int i = 0;
        for (; i <= length - (8 * width); i += 8 * width)
        {
            a0 += Vector256.LoadUnsafe(ref start, (nuint)i);
            a1 += Vector256.LoadUnsafe(ref start, (nuint)(i + width));
            a2 += Vector256.LoadUnsafe(ref start, (nuint)(i + (2 * width)));
            a3 += Vector256.LoadUnsafe(ref start, (nuint)(i + (3 * width)));
            a4 += Vector256.LoadUnsafe(ref start, (nuint)(i + (4 * width)));
            a5 += Vector256.LoadUnsafe(ref start, (nuint)(i + (5 * width)));
            a6 += Vector256.LoadUnsafe(ref start, (nuint)(i + (6 * width)));
            a7 += Vector256.LoadUnsafe(ref start, (nuint)(i + (7 * width)));
        }

        for (; i <= length - width; i += width)
        {
            a0 += Vector256.LoadUnsafe(ref start, (nuint)i);
        }

        float sum = Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref start, i);
        }

        return sum;
    }
}
