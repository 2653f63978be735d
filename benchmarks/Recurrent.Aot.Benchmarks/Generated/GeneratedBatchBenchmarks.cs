using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// Independent streams per call, time per stream-step (OperationsPerInvoke) and GFLOP/s: the generated StepBatch,
/// which runs groups of 8, 4 and 2 streams through multi-stream kernels where the model has them (cells of several
/// panels, or the fast activations), against one call of Step per stream. 8 streams are one group of 8, 4 one group of
/// 4. Exact LSTM 8x32 has no multi-stream kernels and shows the loop. `run.sh batch` joins the FMA ceiling benchmarks,
/// so the FMA peak comes from the same run.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(BatchCategory)]
[GenericTypeArguments(typeof(GeneratedLstm8x32), typeof(GeneratedLstm8x32.State))]
[GenericTypeArguments(typeof(GeneratedLstm8x32Fast), typeof(GeneratedLstm8x32Fast.State))]
[GenericTypeArguments(typeof(GeneratedLstm16x64), typeof(GeneratedLstm16x64.State))]
[GenericTypeArguments(typeof(GeneratedLstm32x128), typeof(GeneratedLstm32x128.State))]
[GenericTypeArguments(typeof(GeneratedLstm64x256), typeof(GeneratedLstm64x256.State))]
[GenericTypeArguments(typeof(GeneratedGru16x64), typeof(GeneratedGru16x64.State))]
[GenericTypeArguments(typeof(GeneratedGru32x128), typeof(GeneratedGru32x128.State))]
[GenericTypeArguments(typeof(GeneratedGru64x256), typeof(GeneratedGru64x256.State))]
public class GeneratedBatchBenchmarks<TModel, TState>
    where TModel : class, IGeneratedCell<TModel, TState>
    where TState : struct
{
    public const string BatchCategory = "batch";

    /// <summary>The largest group StepBatch runs; every call does this many stream-steps (OperationsPerInvoke).</summary>
    private const int MaxStreams = 8;

    /// <summary>Streams per call: 8 (one group of 8) or 4 (one group of 4); the calls repeat to <see cref="MaxStreams"/> stream-steps.</summary>
    [Params(4, 8)]
    public int Streams { get; set; }

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

    [Benchmark(Baseline = true, OperationsPerInvoke = MaxStreams)]
    public void StepEachStream()
    {
        int input = inputs.Length / Streams, output = outputs.Length / Streams;
        for (int round = 0; round < MaxStreams / Streams; round++)
        {
            for (int b = 0; b < Streams; b++)
            {
                model.Step(inputs.AsSpan(b * input, input), ref states[b], outputs.AsSpan(b * output, output));
            }
        }
    }

    [Benchmark(OperationsPerInvoke = MaxStreams)]
    public void StepBatch()
    {
        for (int round = 0; round < MaxStreams / Streams; round++)
        {
            model.StepBatch(inputs, states, outputs);
        }
    }
}
