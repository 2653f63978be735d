using Recurrent.Aot.Training.Numerics;

namespace Recurrent.Aot.Training.Tests.Numerics;

/// <summary>The vectorized float activations against double-precision references, over every span length up to 40 (vector body and scalar tail).</summary>
public sealed class ActivationAccuracyTests
{
    private const double Tolerance = 3e-7;

    [Fact]
    public void Sigmoid_and_tanh_are_within_3e7_of_the_exact_values()
    {
        var rng = new Pcg32(31);
        for (int length = 0; length <= 40; length++)
        {
            float[] x = new float[length];
            for (int i = 0; i < length; i++)
            {
                // Wide range plus the small-|x| branch of tanh and saturation.
                x[i] = (float)(i % 3 == 0 ? rng.NextUniform(-0.7, 0.7) : rng.NextUniform(-30, 30));
            }

            float[] s = new float[length], t = new float[length];
            Activations.Sigmoid<float>(x, s);
            Activations.Tanh<float>(x, t);
            for (int i = 0; i < length; i++)
            {
                double sigmoid = 1 / (1 + Math.Exp(-x[i]));
                Assert.True(Math.Abs(s[i] - sigmoid) <= Tolerance, $"sigmoid({x[i]}) = {s[i]}, exact {sigmoid}");
                Assert.True(Math.Abs(t[i] - Math.Tanh(x[i])) <= Tolerance, $"tanh({x[i]}) = {t[i]}, exact {Math.Tanh(x[i])}");
            }
        }
    }

    [Fact]
    public void Extremes_saturate_without_nan()
    {
        float[] x = [-1000f, -88.5f, -0f, 0f, 88.5f, 1000f, float.MaxValue, float.MinValue];
        float[] s = new float[x.Length], t = new float[x.Length];
        Activations.Sigmoid<float>(x, s);
        Activations.Tanh<float>(x, t);
        Assert.Equal([0f, 0f, 0.5f, 0.5f, 1f, 1f, 1f, 0f], s.Select(v => MathF.Round(v, 6)).ToArray());
        Assert.Equal([-1f, -1f, 0f, 0f, 1f, 1f, 1f, -1f], t);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Activations.Tanh<float>(new float[3], new float[2]));
    }
}
