using System.Runtime.Intrinsics;
using Recurrent.Aot.Kernels.Simd;
using Recurrent.Aot.TestSupport;
using Xunit.Abstractions;

namespace Recurrent.Aot.Tests.Kernels;

/// <summary>
/// The runtime's sigmoid and tanh against double precision over a dense sweep, on every width (widths the
/// hardware lacks run in software, with the same results) and on the scalar path (MathF): within
/// <see cref="ActivationErrorBound.Exact"/>, the bound the generated activations are held to as well.
/// </summary>
public sealed class ActivationAccuracyTests(ITestOutputHelper output)
{
    /// <summary>Relative error allowed against the correctly rounded value, where that is a normal float.</summary>
    private const double UlpBound = 2;

    public static TheoryData<int> Widths() => [128, 256, 512];

    /// <summary>The vector widths, and 32 for the scalar path's MathF-based functions.</summary>
    public static TheoryData<int> WidthsAndScalar() => [32, 128, 256, 512];

    [Theory]
    [MemberData(nameof(WidthsAndScalar))]
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
            double trueSigmoid = 1 / (1 + Math.Exp(-x)), trueTanh = Math.Tanh(x);
            double es = Math.Abs(trueSigmoid - sigmoid[i]);
            double et = Math.Abs(trueTanh - tanh[i]);
            // Relative error against the correctly rounded value, only where that is a normal float (below, sigmoid flushes to denormals and then 0).
            if (x > -87)
                worstSigmoidUlps = Math.Max(worstSigmoidUlps, Math.Abs((float)trueSigmoid - (double)sigmoid[i]) / Ulp((float)trueSigmoid));
            worstTanhUlps = Math.Max(worstTanhUlps, Math.Abs((float)trueTanh - (double)tanh[i]) / Ulp((float)trueTanh));
            if (es > worstSigmoid) (worstSigmoid, atSigmoid) = (es, xs[i]);
            if (et > worstTanh) (worstTanh, atTanh) = (et, xs[i]);
        }

        string name = width == 32 ? "Scalar (MathF)" : $"Vector{width}";
        output.WriteLine($"{name}: sigmoid max abs error {worstSigmoid:E2} at {atSigmoid} ({worstSigmoidUlps:F2} ulp max), tanh {worstTanh:E2} at {atTanh} ({worstTanhUlps:F2} ulp max), {xs.Length} points");
        Assert.True(worstSigmoid <= ActivationErrorBound.Exact, $"sigmoid error {worstSigmoid:E3} at x = {atSigmoid}; the stated bound is {ActivationErrorBound.ExactText}");
        Assert.True(worstTanh <= ActivationErrorBound.Exact, $"tanh error {worstTanh:E3} at x = {atTanh}; the stated bound is {ActivationErrorBound.ExactText}");
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

    /// <summary>
    /// Steps of 2^-18 in [-1, 1] and 2^-10 in [-100, 100], every 4096th float up to 20 in magnitude (most of them
    /// tiny), and the arguments where an exhaustive scan found the largest errors.
    /// </summary>
    private static float[] Sweep()
    {
        var xs = new List<float>();
        for (int i = -(1 << 18); i <= 1 << 18; i++)
            xs.Add(i / (float)(1 << 18));
        for (int i = -100 << 10; i <= 100 << 10; i++)
            xs.Add(i / 1024f);
        for (int bits = 1; bits <= BitConverter.SingleToInt32Bits(20f); bits += 4096)
        {
            float v = BitConverter.Int32BitsToSingle(bits);
            xs.Add(v);
            xs.Add(-v);
        }
        xs.AddRange(ActivationErrorBound.WorstArguments);
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
                case 32:
                    result[i] = tanh ? MathF.Tanh(padded[i]) : ScalarActivations.Sigmoid(padded[i]);
                    break;
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
