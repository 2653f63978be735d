using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Aot.Benchmarks.Activations;

/// <summary>
/// The "before" baseline: the exact sigmoid and tanh exactly as the generator emitted them before they were
/// rewritten for latency (two clamps, a six-deep Horner chain for e^x, then a division; tanh through that
/// exponential plus a division and selects). Kept only so the benchmarks can compare old and new.
/// </summary>
internal static class BeforeActivations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87f)), Vector256.Create(88f));
        // Adding 1.5·2^23 rounds x·log2(e) to an integer n held in the low mantissa bits.
        Vector256<float> t = Vector256.MultiplyAddEstimate(x, Vector256.Create(1.44269504f), Vector256.Create(12582912f));
        Vector256<float> n = t - Vector256.Create(12582912f);
        Vector256<float> r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-0.693359375f), x);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(2.12194440e-4f), r);
        Vector256<float> p = Vector256.Create(1.9875691500e-4f);
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(1.6666665459e-1f));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(5.0000001201e-1f));
        p = Vector256.MultiplyAddEstimate(p, r * r, r) + Vector256<float>.One;
        // 2^n built from its exponent bits: n + 127 lies in [1, 254], so no denormal or infinity.
        Vector256<int> e = (t.AsInt32() - Vector256.Create(0x4B400000 - 127)) << 23;
        return p * e.AsSingle();
    }

    /// <summary>1 / (1 + e^-x); the argument is clamped to ±80 so the result never goes denormal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-80f)), Vector256.Create(80f));
        return Vector256<float>.One / (Vector256<float>.One + Exp(-x));
    }

    /// <summary>tanh: Cephes' odd polynomial for |x| &lt; 0.625, else 1 − 2/(e^2|x| + 1) (|x| clamped to 9, where tanh is 1 in float32); sign restored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> a = Vector256.Abs(x);
        Vector256<float> z = x * x;
        Vector256<float> p = Vector256.Create(-5.70498872745e-3f);
        p = Vector256.MultiplyAddEstimate(p, z, Vector256.Create(2.06390887954e-2f));
        p = Vector256.MultiplyAddEstimate(p, z, Vector256.Create(-5.37397155531e-2f));
        p = Vector256.MultiplyAddEstimate(p, z, Vector256.Create(1.33314422036e-1f));
        p = Vector256.MultiplyAddEstimate(p, z, Vector256.Create(-3.33332819422e-1f));
        Vector256<float> small = Vector256.MultiplyAddEstimate(p * z, x, x);
        Vector256<float> e = Exp(Vector256.Min(a, Vector256.Create(9f)) * Vector256.Create(2f));
        Vector256<float> large = Vector256<float>.One - (Vector256.Create(2f) / (e + Vector256<float>.One));
        large = Vector256.ConditionalSelect(Vector256.Create(-0f), x, large);
        return Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(0.625f)), small, large);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-87f)), Vector512.Create(88f));
        // Adding 1.5·2^23 rounds x·log2(e) to an integer n held in the low mantissa bits.
        Vector512<float> t = Vector512.MultiplyAddEstimate(x, Vector512.Create(1.44269504f), Vector512.Create(12582912f));
        Vector512<float> n = t - Vector512.Create(12582912f);
        Vector512<float> r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-0.693359375f), x);
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(2.12194440e-4f), r);
        Vector512<float> p = Vector512.Create(1.9875691500e-4f);
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(5.0000001201e-1f));
        p = Vector512.MultiplyAddEstimate(p, r * r, r) + Vector512<float>.One;
        // 2^n built from its exponent bits: n + 127 lies in [1, 254], so no denormal or infinity.
        Vector512<int> e = (t.AsInt32() - Vector512.Create(0x4B400000 - 127)) << 23;
        return p * e.AsSingle();
    }

    /// <summary>1 / (1 + e^-x); the argument is clamped to ±80 so the result never goes denormal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-80f)), Vector512.Create(80f));
        return Vector512<float>.One / (Vector512<float>.One + Exp(-x));
    }

    /// <summary>tanh: Cephes' odd polynomial for |x| &lt; 0.625, else 1 − 2/(e^2|x| + 1) (|x| clamped to 9, where tanh is 1 in float32); sign restored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> a = Vector512.Abs(x);
        Vector512<float> z = x * x;
        Vector512<float> p = Vector512.Create(-5.70498872745e-3f);
        p = Vector512.MultiplyAddEstimate(p, z, Vector512.Create(2.06390887954e-2f));
        p = Vector512.MultiplyAddEstimate(p, z, Vector512.Create(-5.37397155531e-2f));
        p = Vector512.MultiplyAddEstimate(p, z, Vector512.Create(1.33314422036e-1f));
        p = Vector512.MultiplyAddEstimate(p, z, Vector512.Create(-3.33332819422e-1f));
        Vector512<float> small = Vector512.MultiplyAddEstimate(p * z, x, x);
        Vector512<float> e = Exp(Vector512.Min(a, Vector512.Create(9f)) * Vector512.Create(2f));
        Vector512<float> large = Vector512<float>.One - (Vector512.Create(2f) / (e + Vector512<float>.One));
        large = Vector512.ConditionalSelect(Vector512.Create(-0f), x, large);
        return Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(0.625f)), small, large);
    }

    /// <summary>max(0, min(1, 0.2·x + 0.5)).</summary>
}
