using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// The generated models of <see cref="GeneratedStepBenchmarks{TModel, TState}"/> declared with
/// FastActivations = true: the same step, with the fast sigmoid and tanh. Its rows join the other suite's
/// in the per-model table (same shapes), so the exact and fast models are compared in one run.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BenchmarkConfig.StepCategory)]
[GenericTypeArguments(typeof(GeneratedLstm1x8Fast), typeof(GeneratedLstm1x8Fast.State))]
[GenericTypeArguments(typeof(GeneratedLstm1x16Fast), typeof(GeneratedLstm1x16Fast.State))]
[GenericTypeArguments(typeof(GeneratedLstm8x32Fast), typeof(GeneratedLstm8x32Fast.State))]
[GenericTypeArguments(typeof(GeneratedLstm16x64Fast), typeof(GeneratedLstm16x64Fast.State))]
[GenericTypeArguments(typeof(GeneratedLstm32x128Fast), typeof(GeneratedLstm32x128Fast.State))]
[GenericTypeArguments(typeof(GeneratedLstm64x256Fast), typeof(GeneratedLstm64x256Fast.State))]
[GenericTypeArguments(typeof(GeneratedGru1x8Fast), typeof(GeneratedGru1x8Fast.State))]
[GenericTypeArguments(typeof(GeneratedGru1x16Fast), typeof(GeneratedGru1x16Fast.State))]
[GenericTypeArguments(typeof(GeneratedGru8x32Fast), typeof(GeneratedGru8x32Fast.State))]
[GenericTypeArguments(typeof(GeneratedGru16x64Fast), typeof(GeneratedGru16x64Fast.State))]
[GenericTypeArguments(typeof(GeneratedGru32x128Fast), typeof(GeneratedGru32x128Fast.State))]
[GenericTypeArguments(typeof(GeneratedGru64x256Fast), typeof(GeneratedGru64x256Fast.State))]
public class GeneratedFastStepBenchmarks<TModel, TState>
    where TModel : class, IGeneratedCell<TModel, TState>
    where TState : struct
{
    private GeneratedStepper<TModel, TState> generatedFast = null!;

    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public IEnumerable<ModelShape> Shapes() => [TModel.Shape];

    [GlobalSetup]
    public void Setup()
    {
        generatedFast = new GeneratedStepper<TModel, TState>();
        StepperAgreement.Require(new ScalarStepper(Shape), generatedFast);
    }

    [Benchmark]
    public void GeneratedFast() => generatedFast.RunStep();
}
