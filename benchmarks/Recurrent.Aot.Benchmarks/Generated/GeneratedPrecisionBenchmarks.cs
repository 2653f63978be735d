using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// Issue "reduced precision", generated side: one step, batch 1, of a shape-only generated model with its weight
/// matrices stored as float32 (baseline), bfloat16 and int8, beside the runtime cell with the same three, all on the
/// same seeded weights. Before timing, each generated model must agree with the runtime cell of its precision.
/// </summary>
/// <remarks>
/// Each generated stepper is compiled for its own model; the benchmark reaches the three through one interface call
/// each, alike, so their ratios compare the models' steps.
/// </remarks>
[MemoryDiagnoser]
[BenchmarkCategory(BenchmarkConfig.StepCategory)]
[GenericTypeArguments(typeof(Lstm32x128Precisions))]
[GenericTypeArguments(typeof(Lstm64x256Precisions))]
[GenericTypeArguments(typeof(Gru32x128Precisions))]
[GenericTypeArguments(typeof(Gru64x256Precisions))]
public class GeneratedPrecisionBenchmarks<TModels>
    where TModels : IPrecisionModels
{
    private RuntimeCellStepper runtimeFloat32 = null!;
    private RuntimeCellStepper runtimeBFloat16 = null!;
    private RuntimeCellStepper runtimeInt8 = null!;
    private IStepper generatedFloat32 = null!;
    private IStepper generatedBFloat16 = null!;
    private IStepper generatedInt8 = null!;

    /// <summary>The models' shape as a parameter, so the tables and the GFLOP/s columns can read it.</summary>
    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public IEnumerable<ModelShape> Shapes() => [TModels.WithFloat32Weights().Shape];

    [GlobalSetup]
    public void Setup()
    {
        generatedFloat32 = TModels.WithFloat32Weights();
        generatedBFloat16 = TModels.WithBFloat16Weights();
        generatedInt8 = TModels.WithInt8Weights();
        if (generatedFloat32.Shape != Shape || generatedBFloat16.Shape != Shape || generatedInt8.Shape != Shape)
        {
            throw new InvalidOperationException($"The three models must have one shape: {generatedFloat32.Shape}, {generatedBFloat16.Shape}, {generatedInt8.Shape}.");
        }
        runtimeFloat32 = new RuntimeCellStepper(Shape, WeightPrecision.Float32);
        runtimeBFloat16 = new RuntimeCellStepper(Shape, WeightPrecision.BFloat16);
        runtimeInt8 = new RuntimeCellStepper(Shape, WeightPrecision.Int8);
        StepperAgreement.Require(new RuntimeCellStepper(Shape, WeightPrecision.Float32), TModels.WithFloat32Weights());
        StepperAgreement.Require(new RuntimeCellStepper(Shape, WeightPrecision.BFloat16), TModels.WithBFloat16Weights());
        StepperAgreement.Require(new RuntimeCellStepper(Shape, WeightPrecision.Int8), TModels.WithInt8Weights());
    }

    [Benchmark(Baseline = true)]
    public void GeneratedFloat32() => generatedFloat32.RunStep();

    [Benchmark]
    public void GeneratedBFloat16() => generatedBFloat16.RunStep();

    [Benchmark]
    public void GeneratedInt8() => generatedInt8.RunStep();

    [Benchmark]
    public void RuntimeFloat32() => runtimeFloat32.RunStep();

    [Benchmark]
    public void RuntimeBFloat16() => runtimeBFloat16.RunStep();

    [Benchmark]
    public void RuntimeInt8() => runtimeInt8.RunStep();
}
