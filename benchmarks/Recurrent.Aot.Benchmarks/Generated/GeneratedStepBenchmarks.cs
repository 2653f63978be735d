using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// Issue "source generator": one step, batch 1, float32, of a generated model next to the runtime's
/// generic cell and the scalar baseline, all on the same seeded weights. The class is generic over
/// the model so that every model gets its own compiled benchmark code: one shared call site would
/// let the first model's profile (guarded devirtualisation) slow down all the others in one process.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BenchmarkConfig.StepCategory)]
[GenericTypeArguments(typeof(GeneratedLstm1x8), typeof(GeneratedLstm1x8.State))]
[GenericTypeArguments(typeof(GeneratedLstm1x16), typeof(GeneratedLstm1x16.State))]
[GenericTypeArguments(typeof(GeneratedLstm8x32), typeof(GeneratedLstm8x32.State))]
[GenericTypeArguments(typeof(GeneratedLstm16x64), typeof(GeneratedLstm16x64.State))]
[GenericTypeArguments(typeof(GeneratedLstm32x128), typeof(GeneratedLstm32x128.State))]
[GenericTypeArguments(typeof(GeneratedLstm64x256), typeof(GeneratedLstm64x256.State))]
[GenericTypeArguments(typeof(GeneratedGru1x8), typeof(GeneratedGru1x8.State))]
[GenericTypeArguments(typeof(GeneratedGru1x16), typeof(GeneratedGru1x16.State))]
[GenericTypeArguments(typeof(GeneratedGru8x32), typeof(GeneratedGru8x32.State))]
[GenericTypeArguments(typeof(GeneratedGru16x64), typeof(GeneratedGru16x64.State))]
[GenericTypeArguments(typeof(GeneratedGru32x128), typeof(GeneratedGru32x128.State))]
[GenericTypeArguments(typeof(GeneratedGru64x256), typeof(GeneratedGru64x256.State))]
public class GeneratedStepBenchmarks<TModel, TState>
    where TModel : class, IGeneratedCell<TModel, TState>
    where TState : struct
{
    private ScalarStepper scalar = null!;
    private RuntimeCellStepper runtime = null!;
    private GeneratedStepper<TModel, TState> generated = null!;

    /// <summary>The model's shape as a parameter, so the tables and the GFLOP/s columns can read it.</summary>
    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public IEnumerable<ModelShape> Shapes() => [TModel.Shape];

    [GlobalSetup]
    public void Setup()
    {
        scalar = new ScalarStepper(Shape);
        runtime = new RuntimeCellStepper(Shape);
        generated = new GeneratedStepper<TModel, TState>();
        StepperAgreement.Require(new ScalarStepper(Shape), runtime);
        StepperAgreement.Require(new ScalarStepper(Shape), generated);
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => scalar.RunStep();

    [Benchmark]
    public void RuntimeCell() => runtime.RunStep();

    [Benchmark]
    public void Generated() => generated.RunStep();
}
