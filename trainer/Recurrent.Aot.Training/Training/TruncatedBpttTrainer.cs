using System.Numerics;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Optimizers;

namespace Recurrent.Aot.Training.Training;

/// <summary>
/// Truncated backpropagation through time over long streams: a batch of parallel streams is cut into
/// windows; each window runs forward from the state the previous window ended in, backpropagates within
/// the window only (the carried state is treated as a constant), and updates the weights once.
/// </summary>
public sealed class TruncatedBpttTrainer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly NetworkWorkspace<T> _workspace;
    private readonly T[][] _gradients;
    private GrowBuffer<T> _h;
    private GrowBuffer<T> _c;
    private GrowBuffer<T> _window;
    private GrowBuffer<T> _dOutput;

    public TruncatedBpttTrainer(RecurrentNetwork<T> network, LossKind loss, Optimizer<T> optimizer, int window, double clipNorm = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        ArgumentOutOfRangeException.ThrowIfNegative(clipNorm);
        if (network.Spec.Bidirectional)
        {
            throw new ArgumentException("Truncated BPTT carries state forward in time; a bidirectional network cannot stream.", nameof(network));
        }

        Network = network;
        Loss = loss;
        Optimizer = optimizer;
        Window = window;
        ClipNorm = clipNorm;
        _workspace = network.CreateWorkspace();
        _gradients = network.Parameters.CreateGradientBuffers();
        network.Prepare();
    }

    public RecurrentNetwork<T> Network { get; }

    public LossKind Loss { get; }

    public Optimizer<T> Optimizer { get; }

    public int Window { get; }

    public double ClipNorm { get; }

    /// <summary>The gradient of the last window (after clipping), in parameter order.</summary>
    public IReadOnlyList<T[]> LastGradients => _gradients;

    /// <summary>Forgets the carried state (next window starts from zeros or the learned initial state).</summary>
    public void ResetState()
    {
        _h.Resize(0);
        _c.Resize(0);
    }

    /// <summary>
    /// Trains on streams laid out time-major: inputs (steps, streams, InputSize) and per-step targets
    /// (steps, streams, OutputSize) or labels (steps, streams). The state carries over to the next call.
    /// </summary>
    public BatchStatistics Train(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> labels, int steps, int streams)
    {
        int x = Network.Spec.InputSize;
        int width = Network.Spec.OutputSize;
        if (inputs.Length != steps * streams * x)
        {
            throw new ArgumentException($"Inputs must hold steps·streams·InputSize = {steps}·{streams}·{x} values, got {inputs.Length}.", nameof(inputs));
        }

        bool classes = Loss == LossKind.SoftmaxCrossEntropy;
        int expectedTargets = classes ? steps * streams : steps * streams * width;
        if ((classes ? labels.Length : targets.Length) != expectedTargets)
        {
            throw new ArgumentException($"Expected {expectedTargets} {(classes ? "labels" : "target values")} (one per step and stream{(classes ? string.Empty : " and output")}).");
        }

        BatchStatistics total = default;
        for (int start = 0; start < steps; start += Window)
        {
            int length = Math.Min(Window, steps - start);
            int rows = length * streams;
            Span<T> window = _window.Resize(rows * x);
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(inputs.Slice(start * streams * x, rows * x), window);

            Network.Forward(_workspace, window, length, streams, default, OutputMode.EveryStep, _h.Span, _c.Span);
            ReadOnlySpan<int> windowLabels = classes ? labels.Slice(start * streams, rows) : default;
            ReadOnlySpan<float> windowTargets = classes ? default : targets.Slice(start * streams * width, rows * width);

            long terms = rows * (long)Losses.Loss.TermsPerRow(Loss, width);
            Span<T> dOutput = _dOutput.Resize(rows * width);
            double lossSum = Losses.Loss.Evaluate(Loss, _workspace.Output, rows, width, windowTargets, windowLabels, default, T.CreateChecked(1.0 / terms), dOutput);
            long correct = 0;
            for (int r = 0; classes && r < rows; r++)
            {
                correct += Losses.Loss.IsCorrect(Loss, _workspace.Output.Slice(r * width, width), default, windowLabels[r]) ? 1 : 0;
            }

            foreach (T[] g in _gradients)
            {
                Array.Clear(g);
            }

            Network.Backward(_workspace, dOutput, _gradients);
            if (ClipNorm > 0)
            {
                GradientClipping.ClipByGlobalNorm(_gradients, ClipNorm);
            }

            Optimizer.Step(_gradients);
            Network.Prepare();

            // The next window starts where this one ended; no gradient crosses the boundary. The buffers only
            // grow, so after the first window (and a shorter last one) a window allocates nothing here.
            _workspace.FinalHidden.CopyTo(_h.Resize(_workspace.FinalHidden.Length));
            _workspace.FinalCell.CopyTo(_c.Resize(_workspace.FinalCell.Length));
            total += new BatchStatistics(lossSum, terms, correct, classes ? rows : 0);
        }

        return total;
    }
}
