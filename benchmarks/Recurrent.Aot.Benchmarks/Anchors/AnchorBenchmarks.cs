using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Generated;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Anchors;

/// <summary>
/// The project next to ONNX Runtime on the same seeded weights, ns per step, batch 1, one thread:
/// streaming (one step per call: ORT's RunWithBinding, the runtime's cell, the generated Step) and a known
/// sequence of <see cref="SequenceSteps"/> steps in one call (ORT, the generated Run, the runtime's Run).
/// RTNeural, the C++ anchor, runs outside this process (benchmarks/run.sh anchors) and joins the table.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(AnchorCategory)]
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
public class AnchorBenchmarks<TModel, TState> : IDisposable
    where TModel : class, IGeneratedCell<TModel, TState>
    where TState : struct
{
    public const string AnchorCategory = "anchor";

    /// <summary>Steps of the known-sequence calls.</summary>
    public const int SequenceSteps = 1000;

    private RuntimeCellStepper runtimeCell = null!;
    private GeneratedStepper<TModel, TState> generatedStep = null!;
    private RuntimeSequenceRunner runtimeRun = null!;
    private OnnxRuntimeRunner onnxRuntime = null!;
    private TModel model = null!;
    private TState state;
    private float[] inputs = null!;
    private float[] outputs = null!;

    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public IEnumerable<ModelShape> Shapes() => [TModel.Shape];

    [GlobalSetup]
    public void Setup()
    {
        runtimeCell = new RuntimeCellStepper(Shape);
        generatedStep = new GeneratedStepper<TModel, TState>();
        runtimeRun = new RuntimeSequenceRunner(Shape, SequenceSteps);
        model = TModel.FromParameters(SeededWeights.Parameters(Shape));
        inputs = SequenceInputs.For(Shape, SequenceSteps);
        outputs = new float[SequenceSteps * Shape.HiddenSize];
        onnxRuntime = new OnnxRuntimeRunner(Shape, AnchorModels.Onnx(Shape), SeededWeights.Input(Shape), inputs, SequenceSteps);
        RequireAgreement();
    }

    [Benchmark(Baseline = true)]
    public void GeneratedStep() => generatedStep.RunStep();

    [Benchmark]
    public void RuntimeCell() => runtimeCell.RunStep();

    [Benchmark]
    public void OrtStream() => onnxRuntime.Step();

    [Benchmark(OperationsPerInvoke = SequenceSteps)]
    public void GeneratedRun()
    {
        state = default;
        model.Run(inputs, ref state, outputs);
    }

    [Benchmark(OperationsPerInvoke = SequenceSteps)]
    public void RuntimeRun() => runtimeRun.Run(inputs, outputs);

    [Benchmark(OperationsPerInvoke = SequenceSteps)]
    public void OrtSequence() => onnxRuntime.RunSequence();

    [GlobalCleanup]
    public void Dispose()
    {
        onnxRuntime?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Before anything is timed, ONNX Runtime must compute what the project computes: the whole sequence
    /// (every step's h) and one streamed step from the zero state (the sequence's first row is the step input).
    /// </summary>
    private void RequireAgreement()
    {
        GeneratedRun();
        onnxRuntime.RunSequence();
        StepperAgreement.RequireClose($"{Shape} ONNX Runtime sequence", onnxRuntime.SequenceOutputs, "generated Run", outputs, SequenceTolerance);
        onnxRuntime.ResetStep();
        onnxRuntime.Step();
        StepperAgreement.RequireClose($"{Shape} ONNX Runtime step", onnxRuntime.Hidden, "generated Run step 0", outputs.AsSpan(0, Shape.HiddenSize), StepperAgreement.Tolerance);
        onnxRuntime.ResetStep();
    }

    /// <summary>Rounding differences grow over a long sequence; a wrong gate order or weight gives errors near 1.</summary>
    private const float SequenceTolerance = 1e-3f;
}
