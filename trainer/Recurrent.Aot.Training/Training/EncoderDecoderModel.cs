using System.Numerics;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Training;

/// <summary>
/// Encoder–decoder (N→M) with teacher forcing: the encoder's final state is the decoder's initial state;
/// the decoder's input at step j is the target of step j − 1 (one-hot for class labels, zeros at j = 0), and
/// its head is scored at every target step. Gradients flow from the decoder's initial state into the encoder.
/// </summary>
public sealed class EncoderDecoderModel<T> : ITrainableModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] _parameters;

    public EncoderDecoderModel(RecurrentNetwork<T> encoder, RecurrentNetwork<T> decoder, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        NetworkSpec e = encoder.Spec, d = decoder.Spec;
        if (e.Bidirectional || d.Bidirectional)
        {
            throw new ArgumentException("Encoder and decoder must be unidirectional: the decoder starts from the encoder's final state.");
        }

        if (e.Cell != d.Cell || e.Layers != d.Layers || e.HiddenSize != d.HiddenSize || e.ProjSize != d.ProjSize)
        {
            throw new ArgumentException($"Encoder ({e.Cell}, {e.Layers} layers, hidden {e.HiddenSize}, proj {e.ProjSize}) and decoder ({d.Cell}, {d.Layers} layers, hidden {d.HiddenSize}, proj {d.ProjSize}) must have the same state shape.");
        }

        if (d.HeadSize == 0 || d.InputSize != d.HeadSize)
        {
            throw new ArgumentException($"The decoder needs a head and takes its previous target as input: InputSize ({d.InputSize}) must equal HeadSize ({d.HeadSize}).");
        }

        if (e.ModuleName == d.ModuleName)
        {
            throw new ArgumentException($"Encoder and decoder need different module names, both are '{e.ModuleName}'.");
        }

        Encoder = encoder;
        Decoder = decoder;
        Loss = loss;
        _parameters = [.. encoder.Parameters, .. decoder.Parameters];
    }

    public RecurrentNetwork<T> Encoder { get; }

    public RecurrentNetwork<T> Decoder { get; }

    public LossKind Loss { get; }

    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    public void Prepare()
    {
        Encoder.Prepare();
        Decoder.Prepare();
    }

    public object CreateWorkspace() => new Workspace(Encoder.CreateWorkspace(), Decoder.CreateWorkspace());

    public void Validate(IReadOnlyList<SequenceExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        for (int i = 0; i < examples.Count; i++)
        {
            ExampleChecks.CheckInputs(examples[i], i, Encoder.Spec.InputSize);
            ExampleChecks.CheckTargets(examples[i], i, Loss, Decoder.Spec.OutputSize);
        }
    }

    public long CountLossTerms(ArraySegment<SequenceExample> examples)
    {
        long rows = 0;
        foreach (SequenceExample e in examples)
        {
            rows += e.TargetSteps;
        }

        return rows * Losses.Loss.TermsPerRow(Loss, Decoder.Spec.OutputSize);
    }

    public BatchStatistics Run(ArraySegment<SequenceExample> shard, object workspace, T[][]? gradients, double scale)
    {
        var ws = (Workspace)workspace;
        int batch = shard.Count;
        int inputSize = Encoder.Spec.InputSize;
        int steps = ShardInputs.Fill(shard, inputSize, ref ws.Input, ref ws.Lengths, out bool padded);
        Encoder.Forward(ws.Encoder, ws.Input.AsSpan(0, steps * batch * inputSize), steps, batch, padded ? ws.Lengths.AsSpan(0, batch) : default, OutputMode.EveryStep);

        int width = Decoder.Spec.OutputSize;
        int outSteps = FillDecoderInputs(shard, width, ws, out bool outPadded);
        Decoder.Forward(ws.Decoder, ws.DecoderInput.Span, outSteps, batch, outPadded ? ws.DecoderLengths.AsSpan(0, batch) : default, OutputMode.EveryStep, ws.Encoder.FinalHidden, ws.Encoder.FinalCell);

        int rows = outSteps * batch;
        ws.Targets.Fill(shard, everyStep: true, outSteps, width, Loss);
        Span<T> dOutput = ws.Gradient.Resize(rows * width);
        double lossSum = Losses.Loss.Evaluate(Loss, ws.Decoder.Output, rows, width, ws.Targets.Values, ws.Targets.Labels, ws.Targets.Active, T.CreateChecked(scale), dOutput);
        (long correct, long predictions) = ws.Targets.CountCorrect(Loss, ws.Decoder.Output, width);
        if (gradients is not null)
        {
            int split = Encoder.Parameters.Count;
            Decoder.Backward(ws.Decoder, dOutput, gradients[split..], initialStateGradient: true);
            Span<T> dEncoderOutput = ws.EncoderOutputGradient.Resize(steps * batch * Encoder.Spec.OutputSize);
            Encoder.Backward(ws.Encoder, dEncoderOutput, gradients[..split], ws.Decoder.InitialHiddenGradient, ws.Decoder.InitialCellGradient);
        }

        return new BatchStatistics(lossSum, CountLossTerms(shard), correct, predictions);
    }

    /// <summary>Teacher forcing: decoder step j sees target j − 1; step 0 sees zeros.</summary>
    private int FillDecoderInputs(ArraySegment<SequenceExample> shard, int width, Workspace ws, out bool padded)
    {
        int batch = shard.Count;
        int steps = 0;
        foreach (SequenceExample e in shard)
        {
            steps = Math.Max(steps, e.TargetSteps);
        }

        Span<T> decoderInput = ws.DecoderInput.Resize(steps * batch * width);
        if (ws.DecoderLengths.Length < batch)
        {
            ws.DecoderLengths = new int[batch];
        }

        decoderInput.Clear();
        padded = false;
        for (int b = 0; b < batch; b++)
        {
            SequenceExample e = shard[b];
            ws.DecoderLengths[b] = e.TargetSteps;
            padded |= e.TargetSteps != steps;
            for (int j = 1; j < e.TargetSteps; j++)
            {
                Span<T> row = decoderInput.Slice(((j * batch) + b) * width, width);
                if (Loss == LossKind.SoftmaxCrossEntropy)
                {
                    row[e.Labels![j - 1]] = T.One;
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(e.Targets.AsSpan((j - 1) * width, width), row);
                }
            }
        }

        return steps;
    }

    private sealed class Workspace(NetworkWorkspace<T> encoder, NetworkWorkspace<T> decoder)
    {
        public NetworkWorkspace<T> Encoder { get; } = encoder;

        public NetworkWorkspace<T> Decoder { get; } = decoder;

        public ShardTargets Targets { get; } = new();

        public T[] Input = [];
        public int[] Lengths = [];
        public GrowBuffer<T> DecoderInput;
        public int[] DecoderLengths = [];
        public GrowBuffer<T> Gradient;
        public GrowBuffer<T> EncoderOutputGradient;
    }
}
