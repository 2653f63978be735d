using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Aot.Benchmarks.Ceilings;

/// <summary>
/// The fastest plain read loops measured on this machine: sum a cache-line-aligned buffer of whole
/// 64-byte lines several times over. Choices, from throwaway comparisons over the model sizes
/// (0.8 KiB–1.25 MiB), three runs each on the shared machine, so ranges rather than single values:
/// <list type="bullet">
/// <item>Pointer stepping, not an index: with <c>LoadUnsafe(ref, (nuint)(i + k * width))</c> the JIT
/// emits an lea and a movsxd before each load, three instructions per 64 bytes; that read 85–170 GB/s
/// from L1 (15–20 KiB) and ~85 from L2 (60–320 KiB), where one <c>vaddps zmm, zmm, [reg+disp]</c>
/// per load reads 130–195 and 95–105.</item>
/// <item>16 accumulators in 512-bit registers. Two loads and two adds per cycle at an add latency of
/// 4 need 8. 8, 16 and 32 accumulators, and 16 unrolled twice (32 loads per trip), all read within
/// the run-to-run noise of each other from L1, L2 and L3, so 16 stays, as the margin.</item>
/// <item>The accumulators stay live across passes and are reduced once per call: reducing after
/// every pass (a horizontal sum and a dependency chain per pass) read 30–100 GB/s from buffers of
/// 0.8–1.1 KiB, where this reads 155–200.</item>
/// <item>The lines after the last whole block of 16 go in chunks of 8, 4, 2 and 1 into different
/// accumulators, so no accumulator takes a second add from them in one pass and a buffer smaller than
/// a block is not bound by one add chain.</item>
/// </list>
/// </summary>
public static unsafe class StreamingReadKernels
{
    /// <summary>Sums <paramref name="lines"/> 64-byte lines from <paramref name="data"/>, <paramref name="passes"/> times.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float Sum512(float* data, int lines, int passes)
    {
        const int Width = 16;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<float> a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
        Vector512<float> b4 = default, b5 = default, b6 = default, b7 = default;
        float* blocksEnd = data + ((nint)(lines / 16) * 16 * Width);
        int rest = lines % 16;
        for (int pass = 0; pass < passes; pass++)
        {
            float* p = data;
            for (; p < blocksEnd; p += 16 * Width)
            {
                a0 += Vector512.Load(p);
                a1 += Vector512.Load(p + Width);
                a2 += Vector512.Load(p + (2 * Width));
                a3 += Vector512.Load(p + (3 * Width));
                a4 += Vector512.Load(p + (4 * Width));
                a5 += Vector512.Load(p + (5 * Width));
                a6 += Vector512.Load(p + (6 * Width));
                a7 += Vector512.Load(p + (7 * Width));
                b0 += Vector512.Load(p + (8 * Width));
                b1 += Vector512.Load(p + (9 * Width));
                b2 += Vector512.Load(p + (10 * Width));
                b3 += Vector512.Load(p + (11 * Width));
                b4 += Vector512.Load(p + (12 * Width));
                b5 += Vector512.Load(p + (13 * Width));
                b6 += Vector512.Load(p + (14 * Width));
                b7 += Vector512.Load(p + (15 * Width));
            }

            if ((rest & 8) != 0)
            {
                a0 += Vector512.Load(p);
                a1 += Vector512.Load(p + Width);
                a2 += Vector512.Load(p + (2 * Width));
                a3 += Vector512.Load(p + (3 * Width));
                a4 += Vector512.Load(p + (4 * Width));
                a5 += Vector512.Load(p + (5 * Width));
                a6 += Vector512.Load(p + (6 * Width));
                a7 += Vector512.Load(p + (7 * Width));
                p += 8 * Width;
            }

            if ((rest & 4) != 0)
            {
                b0 += Vector512.Load(p);
                b1 += Vector512.Load(p + Width);
                b2 += Vector512.Load(p + (2 * Width));
                b3 += Vector512.Load(p + (3 * Width));
                p += 4 * Width;
            }

            if ((rest & 2) != 0)
            {
                b4 += Vector512.Load(p);
                b5 += Vector512.Load(p + Width);
                p += 2 * Width;
            }

            if ((rest & 1) != 0)
            {
                b6 += Vector512.Load(p);
            }
        }

        Vector512<float> a = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
        Vector512<float> b = ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7));
        return Vector512.Sum(a + b);
    }

    /// <summary>
    /// The same with 256-bit vectors, two per line, for cores without accelerated 512-bit ones:
    /// 8 accumulators, as code without AVX-512 has only 16 vector registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float Sum256(float* data, int lines, int passes)
    {
        const int Width = 8;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> a4 = default, a5 = default, a6 = default, a7 = default;
        int vectors = lines * 2;
        float* blocksEnd = data + ((nint)(vectors / 8) * 8 * Width);
        int rest = vectors % 8;
        for (int pass = 0; pass < passes; pass++)
        {
            float* p = data;
            for (; p < blocksEnd; p += 8 * Width)
            {
                a0 += Vector256.Load(p);
                a1 += Vector256.Load(p + Width);
                a2 += Vector256.Load(p + (2 * Width));
                a3 += Vector256.Load(p + (3 * Width));
                a4 += Vector256.Load(p + (4 * Width));
                a5 += Vector256.Load(p + (5 * Width));
                a6 += Vector256.Load(p + (6 * Width));
                a7 += Vector256.Load(p + (7 * Width));
            }

            // A whole number of lines is an even number of vectors: the rest is 0, 2, 4 or 6.
            if ((rest & 4) != 0)
            {
                a0 += Vector256.Load(p);
                a1 += Vector256.Load(p + Width);
                a2 += Vector256.Load(p + (2 * Width));
                a3 += Vector256.Load(p + (3 * Width));
                p += 4 * Width;
            }

            if ((rest & 2) != 0)
            {
                a4 += Vector256.Load(p);
                a5 += Vector256.Load(p + Width);
            }
        }

        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
    }
}
