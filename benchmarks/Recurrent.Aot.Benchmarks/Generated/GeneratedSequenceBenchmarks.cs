using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Recurrent.Aot.Benchmarks.Columns;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// Whole sequences of <see cref="Steps"/> steps of one stream, time per step (OperationsPerInvoke): the
/// generated model's Step called once per input row, its Run over the whole sequence, and the runtime's
/// <see cref="RecurrentModel.Run"/>, all on the same seeded weights and inputs. Every call starts from the
/// zero state, as a new sequence does, so every call computes the same outputs. Besides the single cells
/// it runs stacked models (2 and 3 layers), whose outputs are the top layer's h.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(SequenceCategory)]
[Config(typeof(SequenceConfig))]
[GenericTypeArguments(typeof(GeneratedLstm8x32), typeof(GeneratedLstm8x32.State))]
[GenericTypeArguments(typeof(GeneratedLstm16x64), typeof(GeneratedLstm16x64.State))]
[GenericTypeArguments(typeof(GeneratedLstm32x128), typeof(GeneratedLstm32x128.State))]
[GenericTypeArguments(typeof(GeneratedLstm64x256), typeof(GeneratedLstm64x256.State))]
[GenericTypeArguments(typeof(GeneratedGru8x32), typeof(GeneratedGru8x32.State))]
[GenericTypeArguments(typeof(GeneratedGru16x64), typeof(GeneratedGru16x64.State))]
[GenericTypeArguments(typeof(GeneratedGru32x128), typeof(GeneratedGru32x128.State))]
[GenericTypeArguments(typeof(GeneratedGru64x256), typeof(GeneratedGru64x256.State))]
[GenericTypeArguments(typeof(GeneratedLstm64x256x2), typeof(GeneratedLstm64x256x2.State))]
[GenericTypeArguments(typeof(GeneratedGru64x256x2), typeof(GeneratedGru64x256x2.State))]
[GenericTypeArguments(typeof(GeneratedLstm8x32x2), typeof(GeneratedLstm8x32x2.State))]
[GenericTypeArguments(typeof(GeneratedLstm32x128x3), typeof(GeneratedLstm32x128x3.State))]
public class GeneratedSequenceBenchmarks<TModel, TState>
    where TModel : class, IGeneratedCell<TModel, TState>
    where TState : struct
{
    public const string SequenceCategory = "sequence";

    /// <summary>Steps per call: long enough that a whole-sequence path can batch its input products.</summary>
    public const int Steps = 64;

    /// <summary>Largest difference allowed between the outputs of two paths; as the step suites allow.</summary>
    public const float Tolerance = StepperAgreement.Tolerance;

    private TModel model = null!;
    private RuntimeSequenceRunner runtime = null!;
    private float[] inputs = null!;
    private float[] outputs = null!;
    private int inputSize;
    private int outputSize;
    private TState state;

    [ParamsSource(nameof(Shapes))]
    public ModelShape Shape { get; set; } = null!;

    public IEnumerable<ModelShape> Shapes() => [TModel.Shape];

    [GlobalSetup]
    public void Setup()
    {
        model = TModel.FromParameters(SeededWeights.Parameters(Shape));
        runtime = new RuntimeSequenceRunner(Shape, Steps);
        inputSize = Shape.InputSize;
        outputSize = Shape.HiddenSize;
        inputs = SequenceInputs.For(Shape, Steps);
        outputs = new float[Steps * outputSize];
        RequireAgreement();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public void StepLoop()
    {
        state = default;
        ReadOnlySpan<float> x = inputs;
        Span<float> y = outputs;
        for (int t = 0; t < Steps; t++)
        {
            model.Step(x.Slice(t * inputSize, inputSize), ref state, y.Slice(t * outputSize, outputSize));
        }
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public void Run()
    {
        state = default;
        model.Run(inputs, ref state, outputs);
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public void RuntimeRun() => runtime.Run(inputs, outputs);

    /// <summary>
    /// Before anything is timed: the three paths must compute the same 64 outputs, and calling one again
    /// must repeat them exactly (the state is reset on every call). The output buffer is filled with NaN
    /// before every call, so a path that leaves rows unwritten cannot pass on another path's numbers.
    /// </summary>
    private void RequireAgreement()
    {
        float[] stepLoop = Invoke(nameof(StepLoop), StepLoop);
        float[] run = Invoke(nameof(Run), Run);
        float[] runtimeRun = Invoke(nameof(RuntimeRun), RuntimeRun);
        RequireClose(nameof(Run), run, nameof(StepLoop), stepLoop);
        RequireClose(nameof(RuntimeRun), runtimeRun, nameof(StepLoop), stepLoop);
    }

    private float[] Invoke(string name, Action method)
    {
        outputs.AsSpan().Fill(float.NaN);
        method();
        float[] first = outputs.ToArray();
        outputs.AsSpan().Fill(float.NaN);
        method();
        if (!outputs.AsSpan().SequenceEqual(first))
        {
            throw new InvalidOperationException(
                $"{nameof(GeneratedSequenceBenchmarks<TModel, TState>)} {Shape}: a second call of {name} gave other outputs than the first; every call must start from the zero state.");
        }

        return first;
    }

    private void RequireClose(string name, float[] actual, string referenceName, float[] expected)
    {
        int worst = 0;
        float largest = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            float difference = MathF.Abs(actual[i] - expected[i]);
            if (!(difference <= largest))
            {
                (worst, largest) = (i, difference);
                if (float.IsNaN(difference))
                {
                    break;
                }
            }
        }

        if (!(largest <= Tolerance))
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{nameof(GeneratedSequenceBenchmarks<TModel, TState>)} {Shape}: {name} disagrees with {referenceName} over {Steps} steps from the zero state: step {worst / outputSize}, h[{worst % outputSize}] = {actual[worst]}, expected {expected[worst]} (max abs difference {largest}, tolerance {Tolerance})."));
        }
    }
}

/// <summary>
/// The sequence suite's baseline is the generated Step loop, not the scalar cell, so the "x scalar" column
/// would name the wrong reference; BenchmarkDotNet's Ratio and the models table give the ratio to StepLoop.
/// </summary>
public sealed class SequenceConfig : ManualConfig
{
    public SequenceConfig() => HideColumns(SpeedupColumn.Instance);
}
