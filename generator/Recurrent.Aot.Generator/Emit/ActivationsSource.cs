using System.Text;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// The element-wise functions every generated kernel uses, added once per compilation. They are
/// "exact" in the sense of DESIGN.md §2: within a few float32 ulps of the true function, no denormals.
/// </summary>
internal static class ActivationsSource
{
    public const string ClassName = "global::Recurrent.Aot.Generation.GeneratedActivations";
    public const string HintName = "Recurrent.Aot.Generation.GeneratedActivations.g.cs";

    // One body per vector width; VEC is replaced by Vector128, Vector256 and Vector512.
    private const string VectorTemplate = """
                /// <summary>e^x for x in [-87, 88] (clamped): Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2, then Cephes' degree-6 polynomial; error ≤ 2 ulp.</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> Exp(VEC<float> x)
                {
                    x = VEC.Min(VEC.Max(x, VEC.Create(-87f)), VEC.Create(88f));
                    // Adding 1.5·2^23 rounds x·log2(e) to an integer n held in the low mantissa bits.
                    VEC<float> t = VEC.MultiplyAddEstimate(x, VEC.Create(1.44269504f), VEC.Create(12582912f));
                    VEC<float> n = t - VEC.Create(12582912f);
                    VEC<float> r = VEC.MultiplyAddEstimate(n, VEC.Create(-0.693359375f), x);
                    r = VEC.MultiplyAddEstimate(n, VEC.Create(2.12194440e-4f), r);
                    VEC<float> p = VEC.Create(1.9875691500e-4f);
                    p = VEC.MultiplyAddEstimate(p, r, VEC.Create(1.3981999507e-3f));
                    p = VEC.MultiplyAddEstimate(p, r, VEC.Create(8.3334519073e-3f));
                    p = VEC.MultiplyAddEstimate(p, r, VEC.Create(4.1665795894e-2f));
                    p = VEC.MultiplyAddEstimate(p, r, VEC.Create(1.6666665459e-1f));
                    p = VEC.MultiplyAddEstimate(p, r, VEC.Create(5.0000001201e-1f));
                    p = VEC.MultiplyAddEstimate(p, r * r, r) + VEC<float>.One;
                    // 2^n built from its exponent bits: n + 127 lies in [1, 254], so no denormal or infinity.
                    VEC<int> e = (t.AsInt32() - VEC.Create(0x4B400000 - 127)) << 23;
                    return p * e.AsSingle();
                }

                /// <summary>1 / (1 + e^-x); the argument is clamped to ±80 so the result never goes denormal.</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> Sigmoid(VEC<float> x)
                {
                    x = VEC.Min(VEC.Max(x, VEC.Create(-80f)), VEC.Create(80f));
                    return VEC<float>.One / (VEC<float>.One + Exp(-x));
                }

                /// <summary>tanh: Cephes' odd polynomial for |x| &lt; 0.625, else 1 − 2/(e^2|x| + 1) (|x| clamped to 9, where tanh is 1 in float32); sign restored.</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> Tanh(VEC<float> x)
                {
                    VEC<float> a = VEC.Abs(x);
                    VEC<float> z = x * x;
                    VEC<float> p = VEC.Create(-5.70498872745e-3f);
                    p = VEC.MultiplyAddEstimate(p, z, VEC.Create(2.06390887954e-2f));
                    p = VEC.MultiplyAddEstimate(p, z, VEC.Create(-5.37397155531e-2f));
                    p = VEC.MultiplyAddEstimate(p, z, VEC.Create(1.33314422036e-1f));
                    p = VEC.MultiplyAddEstimate(p, z, VEC.Create(-3.33332819422e-1f));
                    VEC<float> small = VEC.MultiplyAddEstimate(p * z, x, x);
                    VEC<float> e = Exp(VEC.Min(a, VEC.Create(9f)) * VEC.Create(2f));
                    VEC<float> large = VEC<float>.One - (VEC.Create(2f) / (e + VEC<float>.One));
                    large = VEC.ConditionalSelect(VEC.Create(-0f), x, large);
                    return VEC.ConditionalSelect(VEC.LessThan(a, VEC.Create(0.625f)), small, large);
                }

                /// <summary>max(0, min(1, 0.2·x + 0.5)).</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> HardSigmoid(VEC<float> x)
                    => VEC.Min(VEC.Max(VEC.MultiplyAddEstimate(x, VEC.Create(0.2f), VEC.Create(0.5f)), VEC<float>.Zero), VEC<float>.One);

                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static VEC<float> Relu(VEC<float> x) => VEC.Max(x, VEC<float>.Zero);

        """;

    private const string ScalarPart = """
                /// <summary>1 / (1 + e^-x) with the argument clamped to ±80 (no denormals).</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-Math.Clamp(x, -80f, 80f)));

                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float Tanh(float x) => MathF.Tanh(x);

                /// <summary>max(0, min(1, 0.2·x + 0.5)).</summary>
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float HardSigmoid(float x) => Math.Clamp((0.2f * x) + 0.5f, 0f, 1f);

                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                public static float Relu(float x) => Math.Max(x, 0f);

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

                /// <summary>Sigmoid, tanh, hard sigmoid and relu for float and 128/256/512-bit vectors.</summary>
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
