using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Tests.Optimization;

/// <summary>
/// The vectorised updates against a plain per-element statement of the same rules, over lengths that leave a
/// scalar tail after the vector body (and lengths shorter than one vector), and their allocation behaviour.
/// </summary>
public sealed class OptimizerVectorTests
{
    private static readonly int[] Lengths = [1, 3, 8, 17, 64, 1027];

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.05, false)]
    [InlineData(0.05, true)]
    public void Adam_matches_the_per_element_rule_on_every_element(double weightDecay, bool decoupled)
    {
        foreach (int length in Lengths)
        {
            (ParameterSet<double> set, double[] expected, Random random) = Setup(length);
            var adam = new AdamOptimizer<double>(set, learningRate: 0.01, weightDecay: weightDecay, decoupledWeightDecay: decoupled);
            double[] m = new double[length], v = new double[length];
            for (int step = 1; step <= 3; step++)
            {
                double[] g = RandomGradient(random, length);
                adam.Step([g]);
                double stepSize = 0.01 / (1 - Math.Pow(0.9, step));
                double correction2Sqrt = Math.Sqrt(1 - Math.Pow(0.999, step));
                for (int i = 0; i < length; i++)
                {
                    double gi = g[i];
                    if (decoupled)
                    {
                        expected[i] *= 1 - (0.01 * weightDecay);
                    }
                    else if (weightDecay != 0)
                    {
                        gi += weightDecay * expected[i];
                    }

                    m[i] = (0.9 * m[i]) + ((1 - 0.9) * gi);
                    v[i] = (0.999 * v[i]) + ((1 - 0.999) * gi * gi);
                    expected[i] -= stepSize * m[i] / ((Math.Sqrt(v[i]) / correction2Sqrt) + 1e-8);
                }

                AssertSame(expected, set[0].Value, $"adam length {length} step {step}");
                AssertSame(m, adam.State["exp_avg"][0], $"exp_avg length {length} step {step}");
                AssertSame(v, adam.State["exp_avg_sq"][0], $"exp_avg_sq length {length} step {step}");
            }
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.9, 0.0)]
    [InlineData(0.9, 0.1)]
    public void Sgd_matches_the_per_element_rule_on_every_element(double momentum, double weightDecay)
    {
        foreach (int length in Lengths)
        {
            (ParameterSet<double> set, double[] expected, Random random) = Setup(length);
            var sgd = new SgdOptimizer<double>(set, learningRate: 0.1, momentum: momentum, weightDecay: weightDecay);
            double[] velocity = new double[length];
            for (int step = 1; step <= 3; step++)
            {
                double[] g = RandomGradient(random, length);
                sgd.Step([g]);
                for (int i = 0; i < length; i++)
                {
                    double gi = g[i] + (weightDecay * expected[i]);
                    if (momentum != 0)
                    {
                        velocity[i] = step == 1 ? gi : (momentum * velocity[i]) + gi;
                        gi = velocity[i];
                    }

                    expected[i] -= 0.1 * gi;
                }

                AssertSame(expected, set[0].Value, $"sgd length {length} step {step}");
            }
        }
    }

    [Fact]
    public void Float_updates_match_the_same_rule_in_float()
    {
        const int length = 45;
        var set = new ParameterSet<float>();
        Parameter<float> p = set.Add("w", length);
        var random = new Random(7);
        float[] expected = new float[length];
        for (int i = 0; i < length; i++)
        {
            p.Value[i] = expected[i] = (float)(random.NextDouble() - 0.5);
        }

        var adam = new AdamOptimizer<float>(set, learningRate: 0.01);
        float[] g = new float[length];
        for (int i = 0; i < length; i++)
        {
            g[i] = (float)(random.NextDouble() - 0.5);
        }

        adam.Step([g]);
        float stepSize = 0.01f / (1 - 0.9f);
        float correction2Sqrt = MathF.Sqrt(1 - 0.999f);
        for (int i = 0; i < length; i++)
        {
            float m = (1 - 0.9f) * g[i];
            float v = (1 - 0.999f) * g[i] * g[i];
            expected[i] -= stepSize * m / ((MathF.Sqrt(v) / correction2Sqrt) + 1e-8f);
        }

        Assert.Equal(expected, p.Value);
    }

    [Fact]
    public void A_gradient_of_the_wrong_length_is_refused_before_any_update()
    {
        var set = new ParameterSet<float>();
        Parameter<float> p = set.Add("w", 9);
        p.Value.AsSpan().Fill(1f);
        var adam = new AdamOptimizer<float>(set, learningRate: 0.1);
        ArgumentException e = Assert.Throws<ArgumentException>(() => adam.Step([new float[8]]));
        Assert.Contains("('w') must hold 9 values, got 8", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, adam.StepCount);
        Assert.All(p.Value, x => Assert.Equal(1f, x));
    }

    [Fact]
    public void Steps_after_the_first_allocate_nothing()
    {
        var set = new ParameterSet<float>();
        set.Add("w_ih", 64, 33);
        set.Add("b", 7);
        float[][] gradients = set.CreateGradientBuffers();
        foreach (float[] g in gradients)
        {
            g.AsSpan().Fill(0.25f);
        }

        Optimizer<float>[] optimizers =
        [
            new AdamOptimizer<float>(set, learningRate: 1e-3, weightDecay: 0.01),
            new AdamOptimizer<float>(set, learningRate: 1e-3, weightDecay: 0.01, decoupledWeightDecay: true),
            new SgdOptimizer<float>(set, learningRate: 1e-2, momentum: 0.9, weightDecay: 0.01),
        ];
        foreach (Optimizer<float> optimizer in optimizers)
        {
            optimizer.Step(gradients);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                optimizer.Step(gradients);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private static (ParameterSet<double> Set, double[] Expected, Random Random) Setup(int length)
    {
        var set = new ParameterSet<double>();
        Parameter<double> p = set.Add("w", length);
        var random = new Random(length);
        double[] expected = new double[length];
        for (int i = 0; i < length; i++)
        {
            p.Value[i] = expected[i] = random.NextDouble() - 0.5;
        }

        return (set, expected, random);
    }

    private static double[] RandomGradient(Random random, int length)
    {
        double[] g = new double[length];
        for (int i = 0; i < length; i++)
        {
            g[i] = random.NextDouble() - 0.5;
        }

        return g;
    }

    private static void AssertSame(double[] expected, double[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
