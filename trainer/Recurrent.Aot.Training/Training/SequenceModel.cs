using System.Numerics;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Training;

/// <summary>
/// A recurrent network with a loss on every step (N→N, padded steps masked out) or on each sequence's
/// last step (N→1). Shards are padded to their longest sequence.
/// </summary>
public sealed class SequenceModel<T> : ITrainableModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public SequenceModel(RecurrentNetwork<T> network, LossKind loss, OutputMode mode)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        Loss = loss;
        Mode = mode;
    }

    public RecurrentNetwork<T> Network { get; }

    public LossKind Loss { get; }

    public OutputMode Mode { get; }

    public IReadOnlyList<Parameter<T>> Parameters => Network.Parameters;

    public void Prepare() => Network.Prepare();

    public object CreateWorkspace() => new Workspace(Network.CreateWorkspace());

    public void Validate(IReadOnlyList<SequenceExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        int width = Network.Spec.OutputSize;
        for (int i = 0; i < examples.Count; i++)
        {
            SequenceExample e = examples[i];
            ExampleChecks.CheckInputs(e, i, Network.Spec.InputSize);
            int expectedSteps = Mode == OutputMode.EveryStep ? e.Steps : 1;
            if (e.TargetSteps != expectedSteps)
            {
                throw new ArgumentException($"Example {i}: {e.TargetSteps} target steps, expected {expectedSteps} ({(Mode == OutputMode.EveryStep ? "one per input step" : "one per sequence")}).");
            }

            ExampleChecks.CheckTargets(e, i, Loss, width);
        }
    }

    public long CountLossTerms(ArraySegment<SequenceExample> examples)
    {
        long rows = 0;
        foreach (SequenceExample e in examples)
        {
            rows += Mode == OutputMode.EveryStep ? e.Steps : 1;
        }

        return rows * Losses.Loss.TermsPerRow(Loss, Network.Spec.OutputSize);
    }

    public BatchStatistics Run(ArraySegment<SequenceExample> shard, object workspace, T[][]? gradients, double scale)
    {
        var ws = (Workspace)workspace;
        int batch = shard.Count;
        int steps = ShardInputs.Fill(shard, Network.Spec.InputSize, ref ws.Input, ref ws.Lengths, out bool padded);
        Network.Forward(ws.Network, ws.Input.AsSpan(0, steps * batch * Network.Spec.InputSize), steps, batch, padded ? ws.Lengths.AsSpan(0, batch) : default, Mode);

        int rows = ws.Network.OutputRows;
        int width = Network.Spec.OutputSize;
        ws.Targets.Fill(shard, Mode == OutputMode.EveryStep, steps, width, Loss);
        Span<T> dOutput = ws.Gradient.Resize(rows * width);
        double lossSum = Losses.Loss.Evaluate(Loss, ws.Network.Output, rows, width, ws.Targets.Values, ws.Targets.Labels, ws.Targets.Active, T.CreateChecked(scale), dOutput);
        (long correct, long predictions) = ws.Targets.CountCorrect(Loss, ws.Network.Output, width);
        if (gradients is not null)
        {
            Network.Backward(ws.Network, dOutput, gradients);
        }

        return new BatchStatistics(lossSum, CountLossTerms(shard), correct, predictions);
    }

    private sealed class Workspace(NetworkWorkspace<T> network)
    {
        public NetworkWorkspace<T> Network { get; } = network;

        public ShardTargets Targets { get; } = new();

        public T[] Input = [];
        public int[] Lengths = [];
        public GrowBuffer<T> Gradient;
    }
}
