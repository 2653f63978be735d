using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>
/// Issue 16, batched streams: eight independent streams of the runtime's model per call, time per stream-step
/// (OperationsPerInvoke), <see cref="RecurrentModel.StepBatch"/> (each weight vector loaded once feeds all eight
/// streams) against eight calls of <see cref="RecurrentModel.Step"/>. The GFLOP/s column is the aggregate rate and
/// "% of FMA peak" compares it with the FMA ceiling measured in the same run (run.sh batch-runtime joins them).
/// Target at hidden 128: StepBatch ≥ 3× the aggregate throughput of the eight Steps and ≥ 50 % of the FMA peak.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BenchmarkConfig.StreamsCategory)]
public class RuntimeBatchBenchmarks
{
    private const int Streams = 8;

    private RecurrentModel model = null!;
    private float[] inputs = null!;
    private float[] states = null!;
    private float[] outputs = null!;

    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public static IEnumerable<ModelShape> Shapes() => ModelShape.Both([(32, 128), (64, 256)]);

    [GlobalSetup]
    public void Setup()
    {
        model = RecurrentModel.Create(new ModelSpec { Cell = Shape.ToCellSpec() }, [SeededWeights.For(Shape)]);
        float[] one = SeededWeights.Input(Shape);
        inputs = new float[Streams * one.Length];
        for (int s = 0; s < Streams; s++)
        {
            // Streams differ (a per-stream scale), so no two carry the same state.
            for (int i = 0; i < one.Length; i++)
            {
                inputs[(s * one.Length) + i] = one[i] * (1f - (0.05f * s));
            }
        }

        states = new float[Streams * model.StateSize];
        outputs = new float[Streams * model.OutputSize];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Streams)]
    public void StepEachStream()
    {
        int input = model.InputSize, state = model.StateSize, output = model.OutputSize;
        for (int s = 0; s < Streams; s++)
        {
            model.Step(inputs.AsSpan(s * input, input), states.AsSpan(s * state, state), outputs.AsSpan(s * output, output));
        }
    }

    [Benchmark(OperationsPerInvoke = Streams)]
    public void StepBatch() => model.StepBatch(inputs, states, outputs);
}
