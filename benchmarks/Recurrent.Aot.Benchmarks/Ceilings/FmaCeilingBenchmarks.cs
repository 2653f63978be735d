using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Recurrent.Aot.Benchmarks.Ceilings;

/// <summary>
/// The core's fused multiply-add peak: many independent FMA chains, so the pipes never wait on a
/// result. Current x86 server cores (Zen 4, Ice Lake) issue two FMAs per cycle with a latency of 4,
/// so at least 8 chains must be in flight; 12 leave a margin and still fit in the 16 registers AVX2
/// code has. Both widths are measured: some cores double-pump 512-bit FMAs, others run them natively.
/// The loops are compiled fully optimised on first call (no tier-0 or OSR code in the pilot runs).
/// Checked on this machine's Ice Lake server core: 16 chains measured the same as 12 at both widths
/// (512-bit 157–178 GFLOP/s, 2 FMAs × 16 lanes × 2 flops at 2.5–2.8 GHz; 256-bit 95–112, at
/// 3.0–3.5 GHz), so the loop reaches the core's peak; what moves the number is the clock the core
/// runs at, which the other load on the host changes from run to run.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BenchmarkConfig.CeilingCategory)]
public class FmaCeilingBenchmarks
{
    /// <summary>Loop trips per call: long enough (~10 µs) that the call itself is noise.</summary>
    public const int Iterations = 4096;

    public const int Chains = 12;

    /// <summary>Flops per call for a vector of <paramref name="lanes"/> floats (an FMA counts as 2).</summary>
    public static double FlopsPerInvoke(int lanes) => 2.0 * Iterations * Chains * lanes;

    // a·acc + b with |a| < 1 converges to b/(1−a) = 1: no overflow, no denormals, however long it runs.
    private const float Scale = 0.9999f;
    private const float Offset = 0.0001f;

    [Benchmark]
    public float Fma256() => Chains256(Vector256.Create(Scale), Vector256.Create(Offset));

    [Benchmark]
    public float Fma512() => Chains512(Vector512.Create(Scale), Vector512.Create(Offset));

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(Vector256<float> a, Vector256<float> b)
    {
        Vector256<float> c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b;
        Vector256<float> c6 = b, c7 = b, c8 = b, c9 = b, c10 = b, c11 = b;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, a, b);
            c1 = Vector256.FusedMultiplyAdd(c1, a, b);
            c2 = Vector256.FusedMultiplyAdd(c2, a, b);
            c3 = Vector256.FusedMultiplyAdd(c3, a, b);
            c4 = Vector256.FusedMultiplyAdd(c4, a, b);
            c5 = Vector256.FusedMultiplyAdd(c5, a, b);
            c6 = Vector256.FusedMultiplyAdd(c6, a, b);
            c7 = Vector256.FusedMultiplyAdd(c7, a, b);
            c8 = Vector256.FusedMultiplyAdd(c8, a, b);
            c9 = Vector256.FusedMultiplyAdd(c9, a, b);
            c10 = Vector256.FusedMultiplyAdd(c10, a, b);
            c11 = Vector256.FusedMultiplyAdd(c11, a, b);
        }

        // Every chain feeds the result, so the JIT cannot drop any of them.
        Vector256<float> sum = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11));
        return Vector256.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(Vector512<float> a, Vector512<float> b)
    {
        Vector512<float> c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b;
        Vector512<float> c6 = b, c7 = b, c8 = b, c9 = b, c10 = b, c11 = b;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b);
            c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b);
            c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b);
            c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b);
            c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b);
            c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b);
            c11 = Vector512.FusedMultiplyAdd(c11, a, b);
        }

        Vector512<float> sum = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11));
        return Vector512.Sum(sum);
    }
}
