using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Tests.Optimization;

/// <summary>The update rules against hand-computed PyTorch values.</summary>
public sealed class OptimizerTests
{
    private static (ParameterSet<double> Set, Parameter<double> P) OneParameter(params double[] values)
    {
        var set = new ParameterSet<double>();
        Parameter<double> p = set.Add("w", values.Length);
        values.CopyTo(p.Value, 0);
        return (set, p);
    }

    [Fact]
    public void Sgd_with_momentum_follows_pytorch()
    {
        (ParameterSet<double> set, Parameter<double> p) = OneParameter(1.0);
        var sgd = new SgdOptimizer<double>(set, learningRate: 0.1, momentum: 0.9);
        sgd.Step([[0.5]]);      // v = 0.5, w = 1 − 0.05
        Assert.Equal(0.95, p.Value[0], 12);
        sgd.Step([[0.5]]);      // v = 0.9·0.5 + 0.5 = 0.95, w = 0.95 − 0.095
        Assert.Equal(0.855, p.Value[0], 12);
    }

    [Fact]
    public void Adam_first_steps_follow_the_bias_corrected_rule()
    {
        (ParameterSet<double> set, Parameter<double> p) = OneParameter(1.0, -2.0);
        var adam = new AdamOptimizer<double>(set, learningRate: 0.01, weightDecay: 0.1);
        adam.Step([[0.2, -0.4]]);
        // First step: g' = g + λw; m̂ = g', v̂ = g'², update = lr·g'/(|g'| + ε) ≈ lr·sign(g').
        double g0 = 0.2 + 0.1, g1 = -0.4 - 0.2;
        Assert.Equal(1.0 - (0.01 * g0 / (Math.Abs(g0) + 1e-8)), p.Value[0], 12);
        Assert.Equal(-2.0 - (0.01 * g1 / (Math.Abs(g1) + 1e-8)), p.Value[1], 12);

        double w0 = p.Value[0];
        adam.Step([[0.1, 0.0]]);
        double g = 0.1 + (0.1 * w0);
        double m = (0.9 * 0.1 * g0) + (0.1 * g);
        double v = (0.999 * 0.001 * g0 * g0) + (0.001 * g * g);
        double expected = w0 - (0.01 / (1 - 0.81) * m / ((Math.Sqrt(v) / Math.Sqrt(1 - (0.999 * 0.999))) + 1e-8));
        Assert.Equal(expected, p.Value[0], 12);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void AdamW_decays_weights_outside_the_moments()
    {
        (ParameterSet<double> set, Parameter<double> p) = OneParameter(2.0);
        var adamw = new AdamOptimizer<double>(set, learningRate: 0.1, weightDecay: 0.5, decoupledWeightDecay: true);
        adamw.Step([[0.0]]);
        Assert.Equal(2.0 * (1 - 0.05), p.Value[0], 12);
    }

    [Fact]
    public void Clipping_scales_to_the_global_norm_and_leaves_small_gradients_alone()
    {
        double[][] g = [[3.0], [4.0]];
        double norm = GradientClipping.ClipByGlobalNorm(g, 1.0);
        Assert.Equal(5.0, norm, 12);
        Assert.Equal(1.0, GradientClipping.GlobalNorm(g), 5);
        Assert.Equal(0.6, g[0][0], 5);

        double[][] small = [[0.3], [0.4]];
        GradientClipping.ClipByGlobalNorm(small, 1.0);
        Assert.Equal(0.3, small[0][0], 12);
    }

    [Fact]
    public void Bad_settings_are_refused_with_the_parameter_named()
    {
        (ParameterSet<double> set, _) = OneParameter(1.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer<double>(set, learningRate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer<double>(set, beta1: 1.0));
        var sgd = new SgdOptimizer<double>(set, 0.1);
        ArgumentException e = Assert.Throws<ArgumentException>(() => sgd.Step([]));
        Assert.Contains("Expected 1 gradient buffers", e.Message, StringComparison.Ordinal);
    }
}
