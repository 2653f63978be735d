using System.Runtime.CompilerServices;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// The noise floor: a "step" that is a fixed chain of scalar fused multiply-adds in registers, sized
/// to last about as long as the model's step. It touches no memory of ours, allocates nothing, calls
/// nothing and is compiled fully optimised on first use, so it cannot stall on anything this code
/// does; timed by the same loop and timer, any spike it shows comes from the machine (interrupts,
/// preemption, the hypervisor). It is an <see cref="IStepper"/> so the timing loop makes exactly the
/// same interface call for it as for a model.
/// </summary>
public sealed class RegisterArithmeticControl : IStepper
{
    public const string Name = "control";

    // x ← a·x + b with |a| < 1 converges to b/(1−a) = 1: no overflow, no denormals, however long it runs.
    private const float Scale = 0.5f;
    private const float Offset = 0.5f;

    private readonly float[] result = [0f];

    public RegisterArithmeticControl(ModelShape shape, int iterations)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        Shape = shape;
        Iterations = iterations;
    }

    /// <summary>Dependent multiply-adds per call; each waits for the previous one (4 cycles on current x86).</summary>
    public int Iterations { get; }

    public string Implementation => Name;

    /// <summary>The model whose step duration this control matches.</summary>
    public ModelShape Shape { get; }

    public ReadOnlySpan<float> Hidden => result;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public void RunStep() => result[0] = Chain(result[0], Iterations);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chain(float x, int iterations)
    {
        for (int i = 0; i < iterations; i++)
        {
            x = MathF.FusedMultiplyAdd(x, Scale, Offset);
        }

        return x;
    }
}
