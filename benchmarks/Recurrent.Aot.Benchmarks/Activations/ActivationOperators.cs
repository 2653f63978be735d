using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Recurrent.Aot.Generation;

namespace Recurrent.Aot.Benchmarks.Activations;

/// <summary>
/// One activation at two widths. The benchmarks take it as a struct type argument, so the JIT compiles a
/// copy of the loop per function with the call inlined, as in a generated kernel (a delegate would not inline).
/// </summary>
public interface IActivation
{
    static abstract Vector256<float> Invoke(Vector256<float> x);

    static abstract Vector512<float> Invoke(Vector512<float> x);
}

public readonly struct Sigmoid : IActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => GeneratedActivations.Sigmoid(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => GeneratedActivations.Sigmoid(x);
}

public readonly struct FastSigmoid : IActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => GeneratedActivations.FastSigmoid(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => GeneratedActivations.FastSigmoid(x);
}

public readonly struct Tanh : IActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => GeneratedActivations.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => GeneratedActivations.Tanh(x);
}

public readonly struct FastTanh : IActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => GeneratedActivations.FastTanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => GeneratedActivations.FastTanh(x);
}

/// <summary>No activation: the chain's own multiply-add, to subtract from the latency rows.</summary>
public readonly struct Identity : IActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => x;
}
