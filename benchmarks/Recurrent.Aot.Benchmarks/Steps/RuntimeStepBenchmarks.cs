using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>
/// Issue "runtime": one step, batch 1, float32, of the runtime's SIMD cell next to the plain scalar
/// implementation of the same equations, same weights. Target: ≥ 4× the scalar baseline at H ≥ 32 and
/// 0 B allocated per step.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BenchmarkConfig.StepCategory)]
public class RuntimeStepBenchmarks
{
    private ScalarStepper scalar = null!;
    private RuntimeCellStepper runtime = null!;

    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public static IEnumerable<ModelShape> Shapes() => ModelShape.Both(ModelShape.RuntimeSizes);

    [GlobalSetup]
    public void Setup()
    {
        scalar = new ScalarStepper(Shape);
        runtime = new RuntimeCellStepper(Shape);
        StepperAgreement.Require(scalar, runtime);
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => scalar.RunStep();

    [Benchmark]
    public void RuntimeCell() => runtime.RunStep();
}
