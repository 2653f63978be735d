using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

public enum ActivationFunction { Sigmoid, Tanh, FastSigmoid, FastTanh }

public enum ActivationWidth { Scalar, Vector128, Vector256, Vector512 }

/// <summary>
/// The generated activations, compiled once through the generator together with a probe class that applies
/// one function at one width to a whole array (lengths must be multiples of 16, the widest vector).
/// </summary>
public sealed class ActivationProbe
{
    private readonly Dictionary<(ActivationFunction, ActivationWidth), Action<float[], float[]>> _apply = new();

    // Several tests look at the same function on the dense grid; each width computes it once.
    private readonly ConcurrentDictionary<(ActivationFunction, ActivationWidth), float[]> _dense = new();

    public ActivationProbe()
    {
        var (result, output) = GeneratorHarness.Run(ProbeSource());
        Assert.Empty(result.Diagnostics);
        Assembly assembly = GeneratorHarness.Load(output);
        Type probe = assembly.GetType("ActivationProbes.Probe") ?? throw new InvalidOperationException("The probe class did not compile.");
        foreach (ActivationFunction function in Enum.GetValues<ActivationFunction>())
        {
            foreach (ActivationWidth width in Enum.GetValues<ActivationWidth>())
            {
                MethodInfo method = probe.GetMethod(MethodName(function, width)) ?? throw new InvalidOperationException("No probe for " + MethodName(function, width));
                _apply[(function, width)] = method.CreateDelegate<Action<float[], float[]>>();
            }
        }
    }

    /// <summary>y[i] = f(x[i]) through the given width.</summary>
    public float[] Apply(ActivationFunction function, ActivationWidth width, float[] x)
    {
        if (x.Length % 16 != 0)
        {
            throw new ArgumentException($"Probe inputs must have a multiple of 16 elements, got {x.Length}.", nameof(x));
        }
        var y = new float[x.Length];
        _apply[(function, width)](x, y);
        return y;
    }

    /// <summary>f over <see cref="ActivationGrid.Dense"/>, computed on first use.</summary>
    public float[] OnDenseGrid(ActivationFunction function, ActivationWidth width)
        => _dense.GetOrAdd((function, width), key => Apply(key.Item1, key.Item2, ActivationGrid.Dense));

    private static string MethodName(ActivationFunction function, ActivationWidth width) => function + "_" + width;

    private static string ProbeSource()
    {
        var source = new StringBuilder("""
            using System.Runtime.Intrinsics;
            using Recurrent.Aot.Generation;

            namespace ActivationProbes;

            public static class Probe
            {

            """);
        foreach (ActivationFunction function in Enum.GetValues<ActivationFunction>())
        {
            source.Append(CultureInfo.InvariantCulture, $"    public static void {MethodName(function, ActivationWidth.Scalar)}(float[] x, float[] y) {{ for (int i = 0; i < x.Length; i++) y[i] = GeneratedActivations.{function}(x[i]); }}\n");
            foreach (var (width, lanes) in new[] { (ActivationWidth.Vector128, 4), (ActivationWidth.Vector256, 8), (ActivationWidth.Vector512, 16) })
            {
                source.Append(CultureInfo.InvariantCulture, $"    public static void {MethodName(function, width)}(float[] x, float[] y) {{ for (int i = 0; i < x.Length; i += {lanes}) GeneratedActivations.{function}({width}.Create(x, i)).CopyTo(y, i); }}\n");
            }
        }
        return source.Append("}\n").ToString();
    }
}
