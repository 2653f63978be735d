using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Aot.Kernels.Simd;

/// <summary>
/// Sigmoid and tanh on 8 lanes, built on one exp core: e^t = 2^n · (1 + p(r)) with t = n·ln2 + r,
/// |r| ≤ ln2/2 (Cody–Waite split of ln2, FMA), p(r) = e^r − 1 as its Taylor series to r^7
/// (truncation below 1.3e-8 relative). Keeping e^r − 1 apart from the 1 gives expm1 without
/// cancellation, which tanh needs near 0.
/// Max abs error 1.5e-7 against double precision, sigmoid and tanh alike: the one bound stated for every
/// exact sigmoid and tanh, the runtime's and the generated code's (every float in [-20, 20] evaluated, beyond
/// which the results are the saturated limits: 8.9e-8 for sigmoid, 1.49e-7 for tanh at |x| = 4.505; the
/// tests check the bound on every width). At most 2 ulp from the correctly rounded value wherever the result
/// is a normal float. Exact signed zeros for tanh; for large |x| tanh is exactly ±1 and sigmoid exactly 0 or 1
/// (0 below -88); NaN in gives NaN out.
/// </summary>
internal static class Vector256Math
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        // e^-x for -x in [-87, 88]: 2^n stays a normal float; outside, sigmoid is 0 or 1 to within 1e-38.
        Vector256<float> t = Vector256.MinNative(Vector256.MaxNative(-x, Vector256.Create(-87f)), Vector256.Create(88f));
        Vector256<float> p = ExpM1Reduced(t, out Vector256<float> scale);
        Vector256<float> e = Vector256.FusedMultiplyAdd(scale, p, scale);
        Vector256<float> result = Vector256<float>.One / (Vector256<float>.One + e);

        // Below -88 the true value is under 6.1e-39: return exactly 0 rather than the clamped denormal.
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-88f)), Vector256<float>.Zero, result);
        return KeepNaN(x, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        // tanh|x| = -z / (z + 2) with z = expm1(-2|x|) in (-1, 0]; the quotient is ≤ 0, so its magnitude
        // with x's sign is the result (and keeps tanh(±0) = ±0).
        Vector256<float> sign = x & Vector256.Create(-0f);
        Vector256<float> t = Vector256.MaxNative(Vector256.Create(-2f) * Vector256.Abs(x), Vector256.Create(-87f));
        Vector256<float> p = ExpM1Reduced(t, out Vector256<float> scale);
        Vector256<float> z = Vector256.FusedMultiplyAdd(scale, p, scale - Vector256<float>.One);
        Vector256<float> magnitude = Vector256.AndNot(z / (z + Vector256.Create(2f)), Vector256.Create(-0f));
        return KeepNaN(x, magnitude | sign);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoid(Vector256<float> x) => HardSigmoid(x, 0.2f, 0.5f);

    /// <summary>max(0, min(1, α·x + β)), one rounding (FMA); NaN in gives NaN out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoid(Vector256<float> x, float alpha, float beta)
    {
        Vector256<float> linear = Vector256.FusedMultiplyAdd(Vector256.Create(alpha), x, Vector256.Create(beta));
        return KeepNaN(x, Vector256.MinNative(Vector256.MaxNative(linear, Vector256<float>.Zero), Vector256<float>.One));
    }

    /// <summary>Where x is NaN, x; elsewhere <paramref name="result"/> (min/max instructions drop NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> KeepNaN(Vector256<float> x, Vector256<float> result)
        => Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);

    /// <summary>For t in [-87, 88]: returns e^r − 1 and sets scale = 2^n, so e^t = scale · (1 + result).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpM1Reduced(Vector256<float> t, out Vector256<float> scale)
    {
        // Adding 1.5·2^23 rounds t·log2(e) to the nearest integer n and leaves n in the low mantissa bits.
        Vector256<float> shifted = Vector256.FusedMultiplyAdd(t, Vector256.Create(1.44269504f), Vector256.Create(12582912f));
        Vector256<float> n = shifted - Vector256.Create(12582912f);
        scale = Vector256.ShiftLeft(shifted.AsInt32() - Vector256.Create(0x4B400000 - 127), 23).AsSingle();
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-0.693145752f), t);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-1.42860677e-6f), r);
        Vector256<float> q = Vector256.FusedMultiplyAdd(Vector256.Create(1f / 5040f), r, Vector256.Create(1f / 720f));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1f / 120f));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1f / 24f));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(1f / 6f));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(0.5f));
        return Vector256.FusedMultiplyAdd(q, r * r, r);
    }
}
