using System.Numerics;
using Recurrent.Aot.Training.Cells;

namespace Recurrent.Aot.Training.Network;

/// <summary>
/// Everything one forward/backward pass of a <see cref="RecurrentNetwork{T}"/> writes, for one shard.
/// Buffers (<see cref="GrowBuffer{T}"/>) grow to the largest shape seen and are reused for every smaller one,
/// so training with batches or windows of varying size stops allocating once the largest has been seen.
/// </summary>
public sealed class NetworkWorkspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal NetworkWorkspace(int cells, int layers)
    {
        Caches = new CellCache<T>[cells];
        for (int i = 0; i < cells; i++)
        {
            Caches[i] = new CellCache<T>();
        }

        LayerOutputs = new GrowBuffer<T>[layers];
        LayerGradients = new GrowBuffer<T>[layers];
    }

    internal CellCache<T>[] Caches { get; }

    internal GrowBuffer<T>[] LayerOutputs { get; }

    internal GrowBuffer<T>[] LayerGradients { get; }

    internal GrowBuffer<T> LayerInput;
    internal GrowBuffer<T> DirectionGradient;
    internal GrowBuffer<T> LastStep;
    internal GrowBuffer<T> LastStepGradient;
    internal GrowBuffer<T> HeadOutput;
    internal GrowBuffer<T> InitialH;
    internal GrowBuffer<T> InitialC;
    internal GrowBuffer<T> FinalH;
    internal GrowBuffer<T> FinalC;
    internal GrowBuffer<T> InitialHGradient;
    internal GrowBuffer<T> InitialCGradient;
    internal int[] Lengths = [];

    public int Steps { get; internal set; }

    public int Batch { get; internal set; }

    public OutputMode Mode { get; internal set; }

    internal bool HasLengths { get; set; }

    /// <summary>Rows of <see cref="Output"/>: steps·batch (every step, time-major) or batch (last step).</summary>
    public int OutputRows => Mode == OutputMode.EveryStep ? Steps * Batch : Batch;

    internal int OutputWidth { get; set; }

    /// <summary>A copy of whichever buffer holds the output (head, last step or top layer), valid until the next forward pass.</summary>
    internal GrowBuffer<T> OutputBuffer;

    /// <summary>The network's output: (rows, OutputSize) row-major; head logits when there is a head.</summary>
    public ReadOnlySpan<T> Output => OutputBuffer.Span;

    /// <summary>Final hidden states, PyTorch's h_n layout (layers·directions, batch, state size).</summary>
    public ReadOnlySpan<T> FinalHidden => FinalH.Span;

    /// <summary>Final cell states (LSTM), PyTorch's c_n layout (layers·directions, batch, hidden size).</summary>
    public ReadOnlySpan<T> FinalCell => FinalC.Span;

    /// <summary>After a backward pass that asked for it: the gradient of the given initial hidden state.</summary>
    public ReadOnlySpan<T> InitialHiddenGradient => InitialHGradient.Span;

    public ReadOnlySpan<T> InitialCellGradient => InitialCGradient.Span;

    /// <summary>Whether (t, b) is a real step rather than padding.</summary>
    public bool IsActive(int t, int b) => !HasLengths || t < Lengths[b];

    /// <summary>The last valid step of batch entry b.</summary>
    public int LastStepOf(int b) => HasLengths ? Lengths[b] - 1 : Steps - 1;
}
