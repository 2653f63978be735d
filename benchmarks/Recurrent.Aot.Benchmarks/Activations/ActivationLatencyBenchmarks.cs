using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Recurrent.Aot.Benchmarks.Activations;

/// <summary>
/// Latency of one activation call: a chain y = f(a·y + b) where every call waits for the one before, as the
/// gates of a small recurrent step wait on each other. Times are per call (one vector of 8 or 16 floats); the
/// MultiplyAddOnly rows time the chain without f, so f alone costs the difference. sigmoid(4y − 2) settles
/// at y = 1/2 (argument 0) and tanh(2y + 0.1) near y = 0.96 (argument 2): inside each function's main range.
/// </summary>
[BenchmarkCategory(Category)]
public class ActivationLatencyBenchmarks
{
    public const string Category = "activation-latency";

    /// <summary>Calls per invocation: long enough that the loop's entry and exit are noise.</summary>
    public const int Chain = 1024;

    [Benchmark(OperationsPerInvoke = Chain)]
    public float MultiplyAddOnly256() => Chain256<Identity>(0.5f, 0.25f);

    [Benchmark(OperationsPerInvoke = Chain)]
    public float Sigmoid256() => Chain256<Sigmoid>(4f, -2f);

    [Benchmark(OperationsPerInvoke = Chain)]
    public float FastSigmoid256() => Chain256<FastSigmoid>(4f, -2f);

    [Benchmark(OperationsPerInvoke = Chain)]
    public float Tanh256() => Chain256<Tanh>(2f, 0.1f);

    [Benchmark(OperationsPerInvoke = Chain)]
    public float FastTanh256() => Chain256<FastTanh>(2f, 0.1f);

    [Benchmark(OperationsPerInvoke = Chain)]
    public float MultiplyAddOnly512() => Chain512<Identity>(0.5f, 0.25f);

    [Benchmark(OperationsPerInvoke = Chain)]
    public float Sigmoid512() => Chain512<Sigmoid>(4f, -2f);

    [Benchmark(OperationsPerInvoke = Chain)]
    public float FastSigmoid512() => Chain512<FastSigmoid>(4f, -2f);

    [Benchmark(OperationsPerInvoke = Chain)]
    public float Tanh512() => Chain512<Tanh>(2f, 0.1f);

    [Benchmark(OperationsPerInvoke = Chain)]
    public float FastTanh512() => Chain512<FastTanh>(2f, 0.1f);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chain256<TActivation>(float scale, float offset)
        where TActivation : struct, IActivation
    {
        Vector256<float> a = Vector256.Create(scale);
        Vector256<float> b = Vector256.Create(offset);
        Vector256<float> y = Vector256.Create(0.25f);
        for (int i = 0; i < Chain; i++)
        {
            y = TActivation.Invoke(Vector256.MultiplyAddEstimate(y, a, b));
        }
        return Vector256.Sum(y);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chain512<TActivation>(float scale, float offset)
        where TActivation : struct, IActivation
    {
        Vector512<float> a = Vector512.Create(scale);
        Vector512<float> b = Vector512.Create(offset);
        Vector512<float> y = Vector512.Create(0.25f);
        for (int i = 0; i < Chain; i++)
        {
            y = TActivation.Invoke(Vector512.MultiplyAddEstimate(y, a, b));
        }
        return Vector512.Sum(y);
    }
}
