using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>
/// Issue "reduced precision": one step, batch 1, of the runtime's cell with its weight matrices stored as float32
/// (baseline), bfloat16 and int8, same weights. At these sizes a step streams every weight once, so fewer bytes per
/// weight should show directly. Target: ≥ 1.7× the float32 step at hidden ≥ 128, 0 B allocated per step.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BenchmarkConfig.StepCategory)]
public class RuntimePrecisionBenchmarks
{
    private RuntimeCellStepper float32 = null!;
    private RuntimeCellStepper bfloat16 = null!;
    private RuntimeCellStepper int8 = null!;

    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public static IEnumerable<ModelShape> Shapes() => ModelShape.Both([(32, 128), (64, 256)]);

    [GlobalSetup]
    public void Setup()
    {
        float32 = new RuntimeCellStepper(Shape, WeightPrecision.Float32);
        bfloat16 = new RuntimeCellStepper(Shape, WeightPrecision.BFloat16);
        int8 = new RuntimeCellStepper(Shape, WeightPrecision.Int8);
    }

    [Benchmark(Baseline = true)]
    public void Float32Weights() => float32.RunStep();

    [Benchmark]
    public void BFloat16Weights() => bfloat16.RunStep();

    [Benchmark]
    public void Int8Weights() => int8.RunStep();
}
