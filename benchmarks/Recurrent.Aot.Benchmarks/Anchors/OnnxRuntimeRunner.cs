using Microsoft.ML.OnnxRuntime;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Anchors;

/// <summary>
/// ONNX Runtime (its .NET package, one thread) running the same seeded model as an ONNX LSTM/GRU node, the
/// way a .NET developer would use it today: <see cref="Step"/> is one <c>RunWithBinding</c> per step with
/// every buffer bound once up front (the new state is copied back into the bound start state), and
/// <see cref="RunSequence"/> is one call over a whole sequence.
/// </summary>
public sealed class OnnxRuntimeRunner : IDisposable
{
    private readonly InferenceSession session;
    private readonly OrtIoBinding stepBinding;
    private readonly OrtIoBinding sequenceBinding;
    private readonly RunOptions runOptions = new();
    private readonly List<OrtValue> values = [];
    private readonly float[] stepH, stepC, stepHOut, stepCOut;
    private readonly float[] sequenceOutputs;

    /// <param name="onnxModel">The model as ONNX bytes: inputs X, initial_h[, initial_c]; outputs Y, Y_h[, Y_c].</param>
    public OnnxRuntimeRunner(ModelShape shape, byte[] onnxModel, float[] stepInput, float[] sequenceInputs, int sequenceSteps)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        session = CreateSession(onnxModel);
        int hidden = shape.HiddenSize;
        bool lstm = shape.Kind == CellKind.Lstm;
        stepH = new float[hidden]; stepC = new float[hidden]; stepHOut = new float[hidden]; stepCOut = new float[hidden];
        sequenceOutputs = new float[sequenceSteps * hidden];

        // One session, two bindings: the streamed step and the whole sequence bind different buffers to the same graph.
        stepBinding = session.CreateIoBinding();
        Bind(stepBinding, stepInput, [1, 1, shape.InputSize], stepH, stepC, new float[hidden], [1, 1, 1, hidden], stepHOut, stepCOut, lstm);
        sequenceBinding = session.CreateIoBinding();
        Bind(sequenceBinding, sequenceInputs, [sequenceSteps, 1, shape.InputSize], new float[hidden], new float[hidden],
            sequenceOutputs, [sequenceSteps, 1, 1, hidden], new float[hidden], new float[hidden], lstm);
    }

    public ModelShape Shape { get; }

    /// <summary>The h the last <see cref="Step"/> produced.</summary>
    public ReadOnlySpan<float> Hidden => stepH;

    /// <summary>Every step's h of the last <see cref="RunSequence"/> (steps × H).</summary>
    public ReadOnlySpan<float> SequenceOutputs => sequenceOutputs;

    /// <summary>One step of one stream: the new state becomes the next step's start state.</summary>
    public void Step()
    {
        session.RunWithBinding(runOptions, stepBinding);
        stepHOut.CopyTo(stepH, 0);
        stepCOut.CopyTo(stepC, 0);
    }

    /// <summary>The whole bound sequence from the zero state.</summary>
    public void RunSequence() => session.RunWithBinding(runOptions, sequenceBinding);

    /// <summary>Starts the stream again from the zero state.</summary>
    public void ResetStep()
    {
        Array.Clear(stepH);
        Array.Clear(stepC);
    }

    public void Dispose()
    {
        foreach (OrtValue value in values)
            value.Dispose();
        stepBinding.Dispose();
        sequenceBinding.Dispose();
        session.Dispose();
        runOptions.Dispose();
    }

    /// <summary>One thread, every graph optimisation: ONNX Runtime at its best for one stream.</summary>
    private static InferenceSession CreateSession(byte[] model)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(model, options);
    }

    private void Bind(OrtIoBinding binding, float[] x, long[] xShape, float[] h0, float[] c0,
        float[] y, long[] yShape, float[] hOut, float[] cOut, bool lstm)
    {
        long[] stateShape = [1, 1, h0.Length];
        IReadOnlyList<string> inputs = session.InputNames, outputs = session.OutputNames;
        binding.BindInput(inputs[0], Value(x, xShape));
        binding.BindInput(inputs[1], Value(h0, stateShape));
        binding.BindOutput(outputs[0], Value(y, yShape));
        binding.BindOutput(outputs[1], Value(hOut, stateShape));
        if (lstm)
        {
            binding.BindInput(inputs[2], Value(c0, stateShape));
            binding.BindOutput(outputs[2], Value(cOut, stateShape));
        }
    }

    private OrtValue Value(float[] data, long[] shape)
    {
        OrtValue value = OrtValue.CreateTensorValueFromMemory(data, shape);
        values.Add(value);
        return value;
    }
}
