extern alias GeneratorAssembly;

using System.Globalization;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.TestSupport;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>
/// The generated sigmoid and tanh (exact and fast) against double precision, on every width: the stated
/// maximum errors on a dense grid, clean saturation, no denormal results, NaN and ±0, monotonicity, and
/// agreement between the widths. The SIMD matrix runs these again with the wider paths switched off.
/// </summary>
public sealed class ActivationAccuracyTests(ActivationProbe probe) : IClassFixture<ActivationProbe>
{
    /// <summary>
    /// The maximum absolute errors the generated XML summaries state: for the exact pair the one bound shared
    /// with the runtime's sigmoid and tanh; for the fast pair their own maxima from an exhaustive scan of every float.
    /// </summary>
    private static double StatedError(ActivationFunction function) => function switch
    {
        ActivationFunction.Sigmoid or ActivationFunction.Tanh => ActivationErrorBound.Exact,
        ActivationFunction.FastSigmoid => 2.4e-7,
        ActivationFunction.FastTanh => 4.2e-7,
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown activation."),
    };

    /// <summary>
    /// How far a value may fall below one at a smaller x. Rounding makes the exact functions step back by up to
    /// 2 ulps around 1/2; the fast ones wobble by their rounding noise. These are the largest drops an
    /// exhaustive scan of every float found, well inside the 2 × stated error that the bound alone would allow.
    /// </summary>
    private static double AllowedDrop(ActivationFunction function) => function switch
    {
        ActivationFunction.Sigmoid or ActivationFunction.Tanh => 1.2e-7,
        ActivationFunction.FastSigmoid => 3.6e-7,
        ActivationFunction.FastTanh => 6.0e-7,
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown activation."),
    };

    public static TheoryData<ActivationFunction, ActivationWidth> Cases()
    {
        var cases = new TheoryData<ActivationFunction, ActivationWidth>();
        foreach (ActivationFunction function in Enum.GetValues<ActivationFunction>())
        {
            foreach (ActivationWidth width in Enum.GetValues<ActivationWidth>())
            {
                cases.Add(function, width);
            }
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Error_stays_within_the_stated_bound_on_a_dense_grid(ActivationFunction function, ActivationWidth width)
    {
        float[] x = ActivationGrid.Dense;
        float[] y = probe.OnDenseGrid(function, width);
        int worst = 0;
        double worstError = 0;
        double[] reference = ReferenceValues(function);
        for (int i = 0; i < x.Length; i++)
        {
            double error = Math.Abs(y[i] - reference[i]);
            if (!(error <= worstError))
            {
                worstError = error;
                worst = i;
            }
        }
        Assert.True(worstError <= StatedError(function),
            $"{function} ({width}) is off by {worstError:E3} at x = {Show(x[worst])}; the stated bound is {StatedError(function):E1}.");
    }

    [Fact]
    public void Generated_summaries_state_the_shared_bound_for_the_exact_functions()
    {
        Assert.Equal(ActivationErrorBound.Exact, double.Parse(ActivationErrorBound.ExactText, CultureInfo.InvariantCulture));
        string model = GeneratorHarness.ModelSource("[Lstm(InputSize = 3, HiddenSize = 8)]");
        Assert.Contains($"Activations: exact sigmoid and tanh, max abs error {ActivationErrorBound.ExactText}.", model, StringComparison.Ordinal);

        var (result, _) = GeneratorHarness.Run("namespace Empty;");
        string activations = result.Results.SelectMany(r => r.GeneratedSources)
            .Single(s => s.HintName == GeneratorAssembly::Recurrent.Aot.Generator.Emit.ActivationsSource.HintName).SourceText.ToString();
        Assert.Contains($"exact (max abs error {ActivationErrorBound.ExactText},", activations, StringComparison.Ordinal);
        Assert.Contains($"1 / (1 + e^-x), max abs error {ActivationErrorBound.ExactText};", activations, StringComparison.Ordinal);
        Assert.Contains($"tanh x, max abs error {ActivationErrorBound.ExactText},", activations, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Results_are_never_denormal_and_stay_in_range(ActivationFunction function, ActivationWidth width)
    {
        float[] x = ActivationGrid.Dense;
        float[] y = probe.OnDenseGrid(function, width);
        bool sigmoid = function is ActivationFunction.Sigmoid or ActivationFunction.FastSigmoid;
        for (int i = 0; i < x.Length; i++)
        {
            bool inRange = sigmoid ? y[i] is >= 0f and <= 1f : y[i] is >= -1f and <= 1f;
            // tanh x ≈ x near 0, so where x itself is within a factor 2 of the denormals the true value may be one.
            bool denormal = float.IsSubnormal(y[i]) && (sigmoid || Math.Abs(x[i]) >= 2 * MinNormal);
            if (!inRange || denormal)
            {
                Assert.Fail($"{function} ({width}) gives {Show(y[i])} for x = {Show(x[i])}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Large_arguments_saturate_exactly(ActivationFunction function, ActivationWidth width)
    {
        // From here on the float nearest the true value is the limit, so anything else is an error.
        float start = function switch
        {
            ActivationFunction.Sigmoid => 17.5f,
            ActivationFunction.Tanh => 9.5f,
            ActivationFunction.FastSigmoid => 16f,
            _ => 8f,
        };
        float[] magnitudes = [start, start + 0.5f, 20f, 30f, 50f, 80f, 80.5f, 87f, 88f, 89f, 100f, 1e3f, 1e10f, 1e30f, float.MaxValue, float.PositiveInfinity];
        float[] x = ActivationGrid.Padded(magnitudes.Concat(magnitudes.Select(m => -m)).ToArray());
        float[] y = probe.Apply(function, width, x);
        for (int i = 0; i < magnitudes.Length * 2; i++)
        {
            // Sigmoid reaches 0 only where e^x would be denormal; above that the tiny positive values are right.
            if (function == ActivationFunction.Sigmoid && x[i] < 0 && x[i] >= -80f)
            {
                Assert.True(y[i] > 0f && Math.Abs(y[i] - Reference(function, x[i])) <= 1e-3 * Reference(function, x[i]),
                    $"Sigmoid ({width}) of {Show(x[i])} gives {Show(y[i])}.");
                continue;
            }
            float expected = function is ActivationFunction.Sigmoid or ActivationFunction.FastSigmoid
                ? (x[i] > 0 ? 1f : 0f)
                : MathF.CopySign(1f, x[i]);
            Assert.True(y[i] == expected,
                $"{function} ({width}) of {Show(x[i])} gives {Show(y[i])}, not {expected}.");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Special_values_come_out_right(ActivationFunction function, ActivationWidth width)
    {
        float[] x = ActivationGrid.Padded([float.NaN, 0f, -0f, float.Epsilon, -float.Epsilon, 1e-38f, -1e-38f, 1e-30f, -1e-30f, 1e-10f, -1e-10f]);
        float[] y = probe.Apply(function, width, x);
        Assert.True(float.IsNaN(y[0]), $"{function} ({width}) of NaN gives {y[0]}.");
        bool sigmoid = function is ActivationFunction.Sigmoid or ActivationFunction.FastSigmoid;
        for (int i = 1; i < 11; i++)
        {
            string what = $"{function} ({width}) of {Show(x[i])} gives {Show(y[i])}";
            if (sigmoid)
            {
                Assert.True(y[i] == 0.5f, what);
            }
            else
            {
                // Sign and ±0 kept; the exact tanh is also right relatively (tanh x rounds to x this close to 0).
                Assert.True(float.IsNegative(y[i]) == float.IsNegative(x[i]), what);
                Assert.True(function == ActivationFunction.FastTanh ? Math.Abs(y[i] - x[i]) <= StatedError(function) : y[i] == x[i], what);
            }
        }
    }

    [Fact]
    public void Exact_tanh_is_relatively_accurate_near_zero()
    {
        float[] x = ActivationGrid.Padded(ActivationGrid.Dense.Where(v => Math.Abs(v) is > 1e-30f and < 1f).ToArray());
        foreach (ActivationWidth width in Enum.GetValues<ActivationWidth>())
        {
            float[] y = probe.Apply(ActivationFunction.Tanh, width, x);
            for (int i = 0; i < x.Length; i++)
            {
                double reference = Math.Tanh(x[i]);
                double ulp = Math.Abs(y[i] - reference) / double.Max(Math.Abs(reference), MinNormal) * (1 << 23);
                if (!(ulp <= 1.5))
                {
                    Assert.Fail($"Tanh ({width}) of {Show(x[i])} is {ulp:F2} ulps from {reference:R}.");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_increase_with_x_up_to_rounding(ActivationFunction function, ActivationWidth width)
    {
        // The dense grid starts with the uniform one, which is sorted.
        float[] x = ActivationGrid.Uniform;
        float[] y = probe.OnDenseGrid(function, width);
        float highest = float.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            highest = MathF.Max(highest, y[i]);
            if (!(highest - y[i] <= AllowedDrop(function)))
            {
                Assert.Fail($"{function} ({width}) falls from {Show(highest)} to {Show(y[i])} at x = {Show(x[i])}.");
            }
        }
    }

    [Theory]
    [InlineData(ActivationFunction.Sigmoid)]
    [InlineData(ActivationFunction.Tanh)]
    [InlineData(ActivationFunction.FastSigmoid)]
    [InlineData(ActivationFunction.FastTanh)]
    public void Widths_agree_with_the_scalar_form(ActivationFunction function)
    {
        float[] x = ActivationGrid.Dense;
        float[] scalar = probe.OnDenseGrid(function, ActivationWidth.Scalar);
        foreach (ActivationWidth width in new[] { ActivationWidth.Vector128, ActivationWidth.Vector256, ActivationWidth.Vector512 })
        {
            float[] y = probe.OnDenseGrid(function, width);
            for (int i = 0; i < x.Length; i++)
            {
                // Same operations in the same order; only fused or split multiply-adds may differ between paths.
                if (!(Math.Abs(y[i] - scalar[i]) <= StatedError(function)))
                {
                    Assert.Fail($"{function}: {width} gives {Show(y[i])} and scalar {Show(scalar[i])} at x = {Show(x[i])}.");
                }
            }
        }
    }

    private const double MinNormal = 1.1754943508222875e-38;

    private static readonly Lazy<double[]> SigmoidOfDense = new(() => ActivationGrid.Dense.Select(v => Reference(ActivationFunction.Sigmoid, v)).ToArray());

    private static readonly Lazy<double[]> TanhOfDense = new(() => ActivationGrid.Dense.Select(v => Reference(ActivationFunction.Tanh, v)).ToArray());

    /// <summary>The double-precision values on the dense grid, computed once for all widths.</summary>
    private static double[] ReferenceValues(ActivationFunction function)
        => function is ActivationFunction.Sigmoid or ActivationFunction.FastSigmoid ? SigmoidOfDense.Value : TanhOfDense.Value;

    private static string Show(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Reference(ActivationFunction function, float x) => function switch
    {
        ActivationFunction.Sigmoid or ActivationFunction.FastSigmoid => 1.0 / (1.0 + Math.Exp(-(double)x)),
        _ => Math.Tanh(x),
    };
}
