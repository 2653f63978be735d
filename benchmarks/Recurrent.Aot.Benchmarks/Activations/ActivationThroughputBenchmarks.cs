using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Recurrent.Aot.Benchmarks.Activations;

/// <summary>
/// Throughput: one function over 4096 independent floats (16 KB in, 16 KB out, all in L1), so the core
/// overlaps as many calls as its pipes allow. Times are per element; multiply by 8 or 16 for a call.
/// </summary>
[BenchmarkCategory(Category)]
public class ActivationThroughputBenchmarks
{
    public const string Category = "activation-throughput";

    public const int Length = 4096;

    private readonly float[] _input = new float[Length];
    private readonly float[] _output = new float[Length];

    [GlobalSetup]
    public void Setup()
    {
        // Arguments spread over [−6, 6], where neither function saturates.
        var random = new Random(42);
        for (int i = 0; i < Length; i++)
        {
            _input[i] = (float)((random.NextDouble() * 12.0) - 6.0);
        }
    }

    [Benchmark(OperationsPerInvoke = Length)]
    public void Sigmoid256() => Map256<Sigmoid>(_input, _output);

    [Benchmark(OperationsPerInvoke = Length)]
    public void FastSigmoid256() => Map256<FastSigmoid>(_input, _output);

    [Benchmark(OperationsPerInvoke = Length)]
    public void Tanh256() => Map256<Tanh>(_input, _output);

    [Benchmark(OperationsPerInvoke = Length)]
    public void FastTanh256() => Map256<FastTanh>(_input, _output);

    [Benchmark(OperationsPerInvoke = Length)]
    public void Sigmoid512() => Map512<Sigmoid>(_input, _output);

    [Benchmark(OperationsPerInvoke = Length)]
    public void FastSigmoid512() => Map512<FastSigmoid>(_input, _output);

    [Benchmark(OperationsPerInvoke = Length)]
    public void Tanh512() => Map512<Tanh>(_input, _output);

    [Benchmark(OperationsPerInvoke = Length)]
    public void FastTanh512() => Map512<FastTanh>(_input, _output);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Map256<TActivation>(float[] input, float[] output)
        where TActivation : struct, IActivation
    {
        ref float source = ref MemoryMarshal.GetArrayDataReference(input);
        ref float destination = ref MemoryMarshal.GetArrayDataReference(output);
        for (nuint i = 0; i < Length; i += (nuint)Vector256<float>.Count)
        {
            TActivation.Invoke(Vector256.LoadUnsafe(ref source, i)).StoreUnsafe(ref destination, i);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Map512<TActivation>(float[] input, float[] output)
        where TActivation : struct, IActivation
    {
        ref float source = ref MemoryMarshal.GetArrayDataReference(input);
        ref float destination = ref MemoryMarshal.GetArrayDataReference(output);
        for (nuint i = 0; i < Length; i += (nuint)Vector512<float>.Count)
        {
            TActivation.Invoke(Vector512.LoadUnsafe(ref source, i)).StoreUnsafe(ref destination, i);
        }
    }
}
