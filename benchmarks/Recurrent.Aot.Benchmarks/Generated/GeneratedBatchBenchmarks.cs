using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// Four independent streams per call, time per stream-step (OperationsPerInvoke): the generated StepBatch, which
/// runs the streams in pairs through two-stream kernels where the model has them (cells of several panels, or
/// the fast activations), against four calls of Step. Exact LSTM 8x32 has no pair kernels and shows the loop.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BatchCategory)]
[GenericTypeArguments(typeof(GeneratedLstm8x32), typeof(GeneratedLstm8x32.State))]
[GenericTypeArguments(typeof(GeneratedLstm8x32Fast), typeof(GeneratedLstm8x32Fast.State))]
[GenericTypeArguments(typeof(GeneratedLstm16x64), typeof(GeneratedLstm16x64.State))]
[GenericTypeArguments(typeof(GeneratedLstm32x128), typeof(GeneratedLstm32x128.State))]
[GenericTypeArguments(typeof(GeneratedGru16x64), typeof(GeneratedGru16x64.State))]
[GenericTypeArguments(typeof(GeneratedGru32x128), typeof(GeneratedGru32x128.State))]
public class GeneratedBatchBenchmarks<TModel, TState>
    where TModel : class, IGeneratedCell<TModel, TState>
    where TState : struct
{
    public const string BatchCategory = "batch";

    private const int Streams = 4;

    private TModel model = null!;
    private float[] inputs = null!;
    private float[] outputs = null!;
    private TState[] states = null!;

    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public IEnumerable<ModelShape> Shapes() => [TModel.Shape];

    [GlobalSetup]
    public void Setup()
    {
        model = TModel.FromParameters(SeededWeights.Parameters(Shape));
        float[] one = SeededWeights.Input(Shape);
        inputs = new float[Streams * one.Length];
        for (int b = 0; b < Streams; b++)
        {
            one.CopyTo(inputs, b * one.Length);
        }
        outputs = new float[Streams * Shape.HiddenSize];
        states = new TState[Streams];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Streams)]
    public void StepEachStream()
    {
        int input = inputs.Length / Streams, output = outputs.Length / Streams;
        for (int b = 0; b < Streams; b++)
        {
            model.Step(inputs.AsSpan(b * input, input), ref states[b], outputs.AsSpan(b * output, output));
        }
    }

    [Benchmark(OperationsPerInvoke = Streams)]
    public void StepBatch() => model.StepBatch(inputs, states, outputs);
}
