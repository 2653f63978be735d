using System.Numerics;
using Recurrent.Aot.Training.Cells;

namespace Recurrent.Aot.Training.Network;

/// <summary>
/// Everything one forward/backward pass of a <see cref="RecurrentNetwork{T}"/> writes, for one shard.
/// Buffers grow to the largest batch seen and are reused, so steady-state training does not allocate.
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

        LayerOutputs = new T[layers][];
        LayerGradients = new T[layers][];
        for (int i = 0; i < layers; i++)
        {
            LayerOutputs[i] = [];
            LayerGradients[i] = [];
        }
    }

    internal CellCache<T>[] Caches { get; }

    internal T[][] LayerOutputs { get; }

    internal T[][] LayerGradients { get; }

    internal T[] LayerInput = [];
    internal T[] DirectionGradient = [];
    internal T[] LastStep = [];
    internal T[] LastStepGradient = [];
    internal T[] HeadOutput = [];
    internal T[] InitialH = [];
    internal T[] InitialC = [];
    internal T[] FinalH = [];
    internal T[] FinalC = [];
    internal T[] InitialHGradient = [];
    internal T[] InitialCGradient = [];
    internal T[] DirectionH0Gradient = [];
    internal T[] DirectionC0Gradient = [];
    internal int[] Lengths = [];

    public int Steps { get; internal set; }

    public int Batch { get; internal set; }

    public OutputMode Mode { get; internal set; }

    internal bool HasLengths { get; set; }

    /// <summary>Rows of <see cref="Output"/>: steps·batch (every step, time-major) or batch (last step).</summary>
    public int OutputRows => Mode == OutputMode.EveryStep ? Steps * Batch : Batch;

    internal int OutputWidth { get; set; }

    internal T[] OutputBuffer { get; set; } = [];

    /// <summary>The network's output: (rows, OutputSize) row-major; head logits when there is a head.</summary>
    public ReadOnlySpan<T> Output => OutputBuffer.AsSpan(0, OutputRows * OutputWidth);

    /// <summary>Final hidden states, PyTorch's h_n layout (layers·directions, batch, state size).</summary>
    public ReadOnlySpan<T> FinalHidden => FinalH;

    /// <summary>Final cell states (LSTM), PyTorch's c_n layout (layers·directions, batch, hidden size).</summary>
    public ReadOnlySpan<T> FinalCell => FinalC;

    /// <summary>After a backward pass that asked for it: the gradient of the given initial hidden state.</summary>
    public ReadOnlySpan<T> InitialHiddenGradient => InitialHGradient;

    public ReadOnlySpan<T> InitialCellGradient => InitialCGradient;

    /// <summary>Whether (t, b) is a real step rather than padding.</summary>
    public bool IsActive(int t, int b) => !HasLengths || t < Lengths[b];

    /// <summary>The last valid step of batch entry b.</summary>
    public int LastStepOf(int b) => HasLengths ? Lengths[b] - 1 : Steps - 1;

    internal static T[] Sized(T[] buffer, int size) => buffer.Length == size ? buffer : new T[size];
}
