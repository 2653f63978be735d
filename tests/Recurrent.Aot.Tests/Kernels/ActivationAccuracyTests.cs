using System.Runtime.Intrinsics;
using Recurrent.Aot.Kernels.Simd;
using Xunit.Abstractions;

namespace Recurrent.Aot.Tests.Kernels;

/// <summary>
/// The vectorized sigmoid and tanh against correctly rounded double-precision values over a dense sweep,
/// on every width (widths the hardware lacks run in software, with the same results).
/// </summary>
public sealed class ActivationAccuracyTests(ITestOutputHelper output)
{
    /// <summary>The bound stated in Vector256Math's documentation.</summary>
    private const double SigmoidBound = 6.0e-8;
    private const double TanhBound = 1.2e-7;
    private const double UlpBound = 2;

    public static TheoryData<int> Widths() => [128, 256, 512];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Sigmoid_and_tanh_stay_within_the_stated_error_over_a_dense_sweep(int width)
    {
        float[] xs = Sweep();
        float[] sigmoid = Apply(width, xs, tanh: false);
        float[] tanh = Apply(width, xs, tanh: true);
        double worstSigmoid = 0, worstTanh = 0, worstSigmoidUlps = 0, worstTanhUlps = 0;
        float atSigmoid = 0, atTanh = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i];
            double es = Math.Abs((float)(1 / (1 + Math.Exp(-x))) - (double)sigmoid[i]);
            double et = Math.Abs((float)Math.Tanh(x) - (double)tanh[i]);
            // Relative error only where the result is a normal float (below, sigmoid flushes to denormals and then 0).
            if (x > -87)
                worstSigmoidUlps = Math.Max(worstSigmoidUlps, es / Ulp((float)(1 / (1 + Math.Exp(-x)))));
            worstTanhUlps = Math.Max(worstTanhUlps, et / Ulp((float)Math.Tanh(x)));
            if (es > worstSigmoid) (worstSigmoid, atSigmoid) = (es, xs[i]);
            if (et > worstTanh) (worstTanh, atTanh) = (et, xs[i]);
        }

        output.WriteLine($"Vector{width}: sigmoid max abs error {worstSigmoid:E2} at {atSigmoid} ({worstSigmoidUlps:F2} ulp max), tanh {worstTanh:E2} at {atTanh} ({worstTanhUlps:F2} ulp max), {xs.Length} points");
        Assert.True(worstSigmoid <= SigmoidBound, $"sigmoid error {worstSigmoid:E3} at x = {atSigmoid}");
        Assert.True(worstTanh <= TanhBound, $"tanh error {worstTanh:E3} at x = {atTanh}");
        Assert.True(worstSigmoidUlps <= UlpBound && worstTanhUlps <= UlpBound, $"relative error {worstSigmoidUlps:F2} / {worstTanhUlps:F2} ulp");
    }

    private static double Ulp(float value)
    {
        float magnitude = MathF.Abs(value);
        return MathF.BitIncrement(magnitude) - magnitude;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Special_values_saturate_keep_signed_zeros_and_propagate_NaN(int width)
    {
        float[] xs = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f, 88.8f, -88.8f, 200f, -200f, float.Epsilon, -float.Epsilon, 1e-30f];
        float[] sigmoid = Apply(width, xs, tanh: false);
        float[] tanh = Apply(width, xs, tanh: true);

        Assert.Equal(0.5f, sigmoid[0]);
        Assert.True(float.IsPositive(tanh[0]) && tanh[0] == 0f, "tanh(+0) = +0");
        Assert.True(float.IsNegative(tanh[1]) && tanh[1] == 0f, "tanh(-0) = -0");
        Assert.True(float.IsNaN(sigmoid[2]) && float.IsNaN(tanh[2]), "NaN in, NaN out");
        Assert.Equal([1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f], sigmoid[3..11]);
        Assert.Equal([1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f], tanh[3..11]);
        Assert.Equal(float.Epsilon, tanh[11]);
        Assert.Equal(-float.Epsilon, tanh[12]);
        Assert.Equal(1e-30f, tanh[13]);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Hard_sigmoid_is_clamped_linear_and_keeps_NaN(int width)
    {
        float[] xs = [-10f, -2.5f, 0f, 1f, 2.5f, 10f, float.NaN];
        float[] result = new float[xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            result[i] = width switch
            {
                128 => Vector128Math.HardSigmoid(Vector128.Create(xs[i]))[0],
                256 => Vector256Math.HardSigmoid(Vector256.Create(xs[i]))[0],
                _ => Vector512Math.HardSigmoid(Vector512.Create(xs[i]))[0],
            };
        }

        Assert.Equal([0f, 0f, 0.5f, 0.7f, 1f, 1f], result[..6]);
        Assert.True(float.IsNaN(result[6]));
    }

    /// <summary>Steps of 2^-18 in [-1, 1], step 2^-10 in [-100, 100].</summary>
    private static float[] Sweep()
    {
        var xs = new List<float>();
        for (int i = -(1 << 18); i <= 1 << 18; i++)
            xs.Add(i / (float)(1 << 18));
        for (int i = -100 << 10; i <= 100 << 10; i++)
            xs.Add(i / 1024f);
        while (xs.Count % 16 != 0)
            xs.Add(0f);
        return [.. xs];
    }

    private static float[] Apply(int width, float[] xs, bool tanh)
    {
        var padded = new float[(xs.Length + 15) / 16 * 16];
        xs.CopyTo(padded, 0);
        var result = new float[padded.Length];
        int lanes = width / 32;
        for (int i = 0; i < padded.Length; i += lanes)
        {
            switch (width)
            {
                case 128:
                    var v128 = Vector128.Create(padded.AsSpan(i, 4));
                    (tanh ? Vector128Math.Tanh(v128) : Vector128Math.Sigmoid(v128)).CopyTo(result.AsSpan(i));
                    break;
                case 256:
                    var v256 = Vector256.Create(padded.AsSpan(i, 8));
                    (tanh ? Vector256Math.Tanh(v256) : Vector256Math.Sigmoid(v256)).CopyTo(result.AsSpan(i));
                    break;
                default:
                    var v512 = Vector512.Create(padded.AsSpan(i, 16));
                    (tanh ? Vector512Math.Tanh(v512) : Vector512Math.Sigmoid(v512)).CopyTo(result.AsSpan(i));
                    break;
            }
        }

        return result[..xs.Length];
    }
}
