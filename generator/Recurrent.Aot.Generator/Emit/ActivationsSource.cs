using System.Text;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// The element-wise functions every generated kernel uses, added once per compilation.
/// </summary>
/// <remarks>
/// Two sets of sigmoid and tanh. The exact ones (Sigmoid, Tanh) stay within about 1.6 float32 ulps of the
/// true value (DESIGN.md §2); the fast ones (FastSigmoid, FastTanh) trade accuracy for a shorter chain of
/// dependent operations. At small hidden sizes a recurrent step is bound by the latency of that chain
/// (gate activations, then the cell update, then tanh of the new cell), so both sets are written for
/// latency: one range check whose mask is computed beside the arithmetic and applied by the last select,
/// polynomials by Estrin's scheme (depth log2 of the degree instead of the degree), and one division.
/// Every coefficient comes from generator/tools/fit_activations.py. The exact pair's summaries state 1.5e-7, the
/// one bound for every exact sigmoid and tanh of the runtime and the generated code (the runtime's tanh reaches
/// 1.49e-7); evaluating every float in [−20, 20] (beyond that the results are the saturated limits), with and
/// without fused multiply-add, gave 9.22e-8 (sigmoid) and 9.13e-8 (tanh) here. The fast pair's summaries state
/// their own maxima from the same scan. The tests check the bounds again on a dense grid on every SIMD path.
/// </remarks>
internal static class ActivationsSource
{
    public const string ClassName = "global::Recurrent.Aot.Generation.GeneratedActivations";
    public const string HintName = "Recurrent.Aot.Generation.GeneratedActivations.g.cs";

    // One body per vector width; VEC is replaced by Vector128, Vector256 and Vector512.
    private const string VectorTemplate = """
                /// <summary>
                /// 1 / (1 + e^-x), max abs error 1.5e-7 (9.22e-8 measured, 1.6 ulp at 1). |x| &gt; 80 gives exactly 0 or 1, so no result is
                /// denormal; NaN gives NaN.
                /// </summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> Sigmoid(VEC<float> x)
                {
                    // e^-x = 2^n · e^-r with n = round(-x·log2 e) and r = x + n·ln2, |r| ≤ ln2/2. Adding 1.5·2^23
                    // rounds to n and leaves it in the low mantissa bits of t; one fused multiply-add is exact
                    // enough for r because the result is an absolute error, not a relative one.
                    VEC<float> t = VEC.MultiplyAddEstimate(x, VEC.Create(-1.44269504f), VEC.Create(12582912f));
                    VEC<float> r = VEC.MultiplyAddEstimate(t - VEC.Create(12582912f), VEC.Create(0.693147182f), x);
                    VEC<float> e = ExpPolynomial(r, -1f, 4.9999994e-01f, -1.6666521e-01f, 4.166839e-02f, -8.36871e-03f, 1.3814605e-03f);
                    VEC<float> y = VEC<float>.One / VEC.MultiplyAddEstimate(e, PowerOfTwo(t), VEC<float>.One);
                    // Past ±80 the lanes hold garbage (or NaN from ±inf); the mask is ready long before y.
                    VEC<float> saturated = VEC<float>.One & VEC.GreaterThan(x, VEC<float>.Zero);
                    return VEC.ConditionalSelect(VEC.GreaterThan(VEC.Abs(x), VEC.Create(80f)), saturated, y);
                }

                /// <summary>
                /// tanh x, max abs error 1.5e-7 (9.13e-8 measured, 1.6 ulp at 1), sign and ±0 kept. |x| &lt; 0.625: x + x³·S(x²);
                /// otherwise 1 − 2/(e^2|x| + 1), which stays within half an ulp of 1 for large |x|. |x| &gt; 9 gives
                /// exactly ±1; NaN gives NaN.
                /// </summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> Tanh(VEC<float> x)
                {
                    VEC<float> sign = x & VEC.Create(-0f);
                    VEC<float> a = VEC.Abs(x);
                    // e^2a = 2^n · e^2r with n = round(2a·log2 e) and r = a − n·ln2/2; the polynomial in r has the
                    // coefficients of e^u scaled by 2^k, so u = 2r is never formed.
                    VEC<float> t = VEC.MultiplyAddEstimate(a, VEC.Create(2.88539008f), VEC.Create(12582912f));
                    VEC<float> r = VEC.MultiplyAddEstimate(t - VEC.Create(12582912f), VEC.Create(-0.346573591f), a);
                    VEC<float> e = ExpPolynomial(r, 2f, 1.9999998f, 1.3333217f, 6.666942e-01f, 2.6779872e-01f, 8.841347e-02f);
                    VEC<float> one = VEC<float>.One | sign;
                    VEC<float> large = one - ((VEC.Create(2f) | sign) / VEC.MultiplyAddEstimate(e, PowerOfTwo(t), VEC<float>.One));
                    // The small-argument polynomial runs beside the exponential: Horner is short enough there.
                    VEC<float> z = a * a;
                    VEC<float> s = VEC.MultiplyAddEstimate(VEC.Create(-5.704962e-03f), z, VEC.Create(2.0639066e-02f));
                    s = VEC.MultiplyAddEstimate(s, z, VEC.Create(-5.3739708e-02f));
                    s = VEC.MultiplyAddEstimate(s, z, VEC.Create(1.3331442e-01f));
                    s = VEC.MultiplyAddEstimate(s, z, VEC.Create(-3.333328e-01f));
                    VEC<float> small = VEC.MultiplyAddEstimate(a * z, s, a) | sign;
                    VEC<float> isSmall = VEC.LessThan(a, VEC.Create(0.625f));
                    VEC<float> other = VEC.ConditionalSelect(isSmall, small, one);
                    return VEC.ConditionalSelect(isSmall | VEC.GreaterThan(a, VEC.Create(9f)), other, large);
                }

                /// <summary>
                /// Sigmoid with a shorter dependency chain than <see cref="Sigmoid(VEC{float})"/>: max abs error 2.4e-7.
                /// 1/2 + tanh(x/2)/2 with the rational form of <see cref="FastTanh(VEC{float})"/> (x/2 folded into its
                /// coefficients). |x| &gt; 15.5 gives exactly 0 or 1; NaN gives NaN.
                /// </summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> FastSigmoid(VEC<float> x)
                {
                    VEC<float> y = OddRational(x, 2.5518046e+08f, 8.252631e+06f, 4.7255867e+04f, 4.6141087e+01f, 3.406744e+03f, 3.35268e+04f, 4.2807684e+02f, 3.0444967e+04f);
                    VEC<float> saturated = VEC<float>.One & VEC.GreaterThan(x, VEC<float>.Zero);
                    return VEC.ConditionalSelect(VEC.GreaterThan(VEC.Abs(x), VEC.Create(15.5f)), saturated, y + VEC.Create(0.5f));
                }

                /// <summary>
                /// tanh with a shorter dependency chain than <see cref="Tanh(VEC{float})"/>: max abs error 4.2e-7.
                /// x·P(x²)/Q(x²), P of degree 3 and Q of degree 4 (a minimax fit on [0, 7.75]). |x| &gt; 7.75 gives
                /// exactly ±1 (tanh 7.75 = 1 − 3.7e-7); sign and ±0 kept; NaN gives NaN.
                /// </summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> FastTanh(VEC<float> x)
                {
                    VEC<float> y = OddRational(x, 3.9871948e+06f, 5.1578944e+05f, 1.1813967e+04f, 4.6141087e+01f, 8.51686e+02f, 2.095425e+03f, 1.0701921e+02f, 1.9028104e+03f);
                    VEC<float> saturated = VEC<float>.One | (x & VEC.Create(-0f));
                    return VEC.ConditionalSelect(VEC.GreaterThan(VEC.Abs(x), VEC.Create(7.75f)), saturated, y);
                }

                /// <summary>max(0, min(1, 0.2·x + 0.5)).</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> HardSigmoid(VEC<float> x)
                    => VEC.Min(VEC.Max(VEC.MultiplyAddEstimate(x, VEC.Create(0.2f), VEC.Create(0.5f)), VEC<float>.Zero), VEC<float>.One);

                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> Relu(VEC<float> x) => VEC.Max(x, VEC<float>.Zero);

                /// <summary>1 + c1·r + c2·r² + … + c6·r⁶ by Estrin's scheme: three dependent steps instead of six.</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                private static VEC<float> ExpPolynomial(VEC<float> r, float c1, float c2, float c3, float c4, float c5, float c6)
                {
                    VEC<float> r2 = r * r;
                    VEC<float> low = VEC.MultiplyAddEstimate(r, VEC.Create(c1), VEC<float>.One);
                    VEC<float> middle = VEC.MultiplyAddEstimate(r, VEC.Create(c3), VEC.Create(c2));
                    VEC<float> high = VEC.MultiplyAddEstimate(r, VEC.Create(c5), VEC.Create(c4));
                    high = VEC.MultiplyAddEstimate(r2, VEC.Create(c6), high);
                    return VEC.MultiplyAddEstimate(high, r2 * r2, VEC.MultiplyAddEstimate(middle, r2, low));
                }

                /// <summary>
                /// 2^n for t = n + 1.5·2^23, built from its exponent bits. The biased exponent is clamped to [1, 254]
                /// so lanes that a caller discards (|x| past its range, ±inf) still hold a normal number and never
                /// take the slow denormal path.
                /// </summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                private static VEC<float> PowerOfTwo(VEC<float> t)
                {
                    VEC<int> biased = t.AsInt32() - VEC.Create(0x4B400000 - 127);
                    return (VEC.Min(VEC.Max(biased, VEC<int>.One), VEC.Create(254)) << 23).AsSingle();
                }

                /// <summary>
                /// x·(p0 + p1·z + p2·z² + p3·z³) / ((z² + b0·z + c0)·(z² + b1·z + c1)) with z = x². Both parts take
                /// three dependent steps: each p·x is formed beside z, and the monic quartic denominator is a
                /// product of two quadratics whose z + b is one multiply-add from x.
                /// </summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                private static VEC<float> OddRational(VEC<float> x, float p0, float p1, float p2, float p3, float b0, float c0, float b1, float c1)
                {
                    VEC<float> z = x * x;
                    VEC<float> low = VEC.MultiplyAddEstimate(x * VEC.Create(p1), z, x * VEC.Create(p0));
                    VEC<float> high = VEC.MultiplyAddEstimate(x * VEC.Create(p3), z, x * VEC.Create(p2));
                    VEC<float> numerator = VEC.MultiplyAddEstimate(high, z * z, low);
                    VEC<float> q0 = VEC.MultiplyAddEstimate(z, VEC.MultiplyAddEstimate(x, x, VEC.Create(b0)), VEC.Create(c0));
                    VEC<float> q1 = VEC.MultiplyAddEstimate(z, VEC.MultiplyAddEstimate(x, x, VEC.Create(b1)), VEC.Create(c1));
                    return numerator / (q0 * q1);
                }

        """;

    // The same algorithms, one lane: results agree with the vector forms (bit for bit where the multiply-adds
    // are fused the same way); branches replace the selects.
    private const string ScalarPart = """
                /// <summary>1 / (1 + e^-x), max abs error 1.5e-7; |x| &gt; 80 gives exactly 0 or 1; NaN gives NaN.</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float Sigmoid(float x)
                {
                    if (MathF.Abs(x) > 80f)
                    {
                        return x > 0f ? 1f : 0f;
                    }
                    float t = float.MultiplyAddEstimate(x, -1.44269504f, 12582912f);
                    float r = float.MultiplyAddEstimate(t - 12582912f, 0.693147182f, x);
                    float e = ExpPolynomial(r, -1f, 4.9999994e-01f, -1.6666521e-01f, 4.166839e-02f, -8.36871e-03f, 1.3814605e-03f);
                    return 1f / float.MultiplyAddEstimate(e, PowerOfTwo(t), 1f);
                }

                /// <summary>tanh x, max abs error 1.5e-7, sign and ±0 kept; |x| &gt; 9 gives exactly ±1; NaN gives NaN.</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float Tanh(float x)
                {
                    float a = MathF.Abs(x);
                    if (a < 0.625f)
                    {
                        float z = a * a;
                        float s = float.MultiplyAddEstimate(-5.704962e-03f, z, 2.0639066e-02f);
                        s = float.MultiplyAddEstimate(s, z, -5.3739708e-02f);
                        s = float.MultiplyAddEstimate(s, z, 1.3331442e-01f);
                        s = float.MultiplyAddEstimate(s, z, -3.333328e-01f);
                        return MathF.CopySign(float.MultiplyAddEstimate(a * z, s, a), x);
                    }
                    if (a > 9f)
                    {
                        return MathF.CopySign(1f, x);
                    }
                    float t = float.MultiplyAddEstimate(a, 2.88539008f, 12582912f);
                    float r = float.MultiplyAddEstimate(t - 12582912f, -0.346573591f, a);
                    float e = ExpPolynomial(r, 2f, 1.9999998f, 1.3333217f, 6.666942e-01f, 2.6779872e-01f, 8.841347e-02f);
                    return MathF.CopySign(1f - (2f / float.MultiplyAddEstimate(e, PowerOfTwo(t), 1f)), x);
                }

                /// <summary>Sigmoid with a shorter dependency chain, max abs error 2.4e-7; |x| &gt; 15.5 gives exactly 0 or 1.</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float FastSigmoid(float x)
                {
                    if (MathF.Abs(x) > 15.5f)
                    {
                        return x > 0f ? 1f : 0f;
                    }
                    return OddRational(x, 2.5518046e+08f, 8.252631e+06f, 4.7255867e+04f, 4.6141087e+01f, 3.406744e+03f, 3.35268e+04f, 4.2807684e+02f, 3.0444967e+04f) + 0.5f;
                }

                /// <summary>tanh with a shorter dependency chain, max abs error 4.2e-7; |x| &gt; 7.75 gives exactly ±1.</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float FastTanh(float x)
                {
                    if (MathF.Abs(x) > 7.75f)
                    {
                        return MathF.CopySign(1f, x);
                    }
                    return OddRational(x, 3.9871948e+06f, 5.1578944e+05f, 1.1813967e+04f, 4.6141087e+01f, 8.51686e+02f, 2.095425e+03f, 1.0701921e+02f, 1.9028104e+03f);
                }

                /// <summary>max(0, min(1, 0.2·x + 0.5)).</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float HardSigmoid(float x) => Math.Clamp((0.2f * x) + 0.5f, 0f, 1f);

                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float Relu(float x) => Math.Max(x, 0f);

                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                private static float ExpPolynomial(float r, float c1, float c2, float c3, float c4, float c5, float c6)
                {
                    float r2 = r * r;
                    float low = float.MultiplyAddEstimate(r, c1, 1f);
                    float middle = float.MultiplyAddEstimate(r, c3, c2);
                    float high = float.MultiplyAddEstimate(r2, c6, float.MultiplyAddEstimate(r, c5, c4));
                    return float.MultiplyAddEstimate(high, r2 * r2, float.MultiplyAddEstimate(middle, r2, low));
                }

                /// <summary>2^n for t = n + 1.5·2^23 with n in [-126, 127] (the callers' range checks keep it there).</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                private static float PowerOfTwo(float t)
                    => BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(t) - (0x4B400000 - 127)) << 23);

                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                private static float OddRational(float x, float p0, float p1, float p2, float p3, float b0, float c0, float b1, float c1)
                {
                    float z = x * x;
                    float low = float.MultiplyAddEstimate(x * p1, z, x * p0);
                    float high = float.MultiplyAddEstimate(x * p3, z, x * p2);
                    float numerator = float.MultiplyAddEstimate(high, z * z, low);
                    float q0 = float.MultiplyAddEstimate(z, float.MultiplyAddEstimate(x, x, b0), c0);
                    float q1 = float.MultiplyAddEstimate(z, float.MultiplyAddEstimate(x, x, b1), c1);
                    return numerator / (q0 * q1);
                }

        """;

    public static string Build()
    {
        var sb = new StringBuilder();
        sb.Append("""
            // <auto-generated/>
            // Added by Recurrent.Aot.Generator: activation functions shared by every generated model.
            #nullable enable

            namespace Recurrent.Aot.Generation
            {
                using global::System;
                using global::System.Runtime.CompilerServices;
                using global::System.Runtime.Intrinsics;

                /// <summary>
                /// Sigmoid, tanh, hard sigmoid and relu for float and 128/256/512-bit vectors. Sigmoid and Tanh are
                /// exact (max abs error 1.5e-7, the bound the runtime's sigmoid and tanh share); FastSigmoid and FastTanh have shorter dependency chains for
                /// latency-bound steps (max abs error 2.4e-7 and 4.2e-7). Errors are against the double-precision
                /// functions, with or without fused multiply-add hardware.
                /// </summary>
                [global::Microsoft.CodeAnalysis.EmbeddedAttribute]
                internal static class GeneratedActivations
                {

            """);
        sb.Append(ScalarPart);
        foreach (string width in new[] { "Vector128", "Vector256", "Vector512" })
        {
            sb.Append(VectorTemplate.Replace("VEC", width));
        }
        sb.Append("""
                }
            }

            """);
        return sb.ToString().Replace("\r\n", "\n");
    }
}
