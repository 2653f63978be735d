using System.Numerics;

namespace Recurrent.Aot.Training.Cells;

/// <summary>
/// What one cell's forward pass keeps for its backward pass, for one shard of a mini-batch.
/// Every per-step buffer is indexed by time (not by processing order), (steps, batch, width) row-major,
/// so the reverse direction shares the layout and the weight gradients are one product each.
/// </summary>
public sealed class CellCache<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Steps { get; internal set; }

    public int Batch { get; internal set; }

    public bool Reverse { get; internal set; }

    /// <summary>Valid steps per batch entry; empty when every entry has all steps.</summary>
    internal int[] Lengths = [];

    internal bool HasLengths;

    internal T[] Gates = [];        // activated gates (LSTM i f g o; GRU r z n; RNN pre-activation)
    internal T[] HPrev = [];        // the state each step read
    internal T[] H = [];            // the state each step wrote (padded rows carry the old state)
    internal T[] CPrev = [];
    internal T[] C = [];
    internal T[] TanhC = [];        // LSTM: h(c'), the cell activation of the new cell state (tanh by default)
    internal T[] M = [];            // o ⊙ tanh(c) before the projection
    internal T[] Extra = [];        // GRU: W_hn h + b_hn (reset after) or r ⊙ h (reset before)
    internal T[] DGates = [];
    internal T[] DGatesHidden = []; // GRU reset-after: the hidden-side gate gradients differ in n
    internal T[] Dh = [];
    internal T[] Dc = [];
    internal T[] Scratch1 = [];
    internal T[] Scratch2 = [];
    internal T[] Zero = [];

    /// <summary>The state after the last processed step (time steps−1 forward, 0 reverse).</summary>
    public ReadOnlySpan<T> FinalHidden(int outputSize) => H.AsSpan(FinalStep * Batch * outputSize, Batch * outputSize);

    public ReadOnlySpan<T> FinalCell(int hiddenSize) => C.AsSpan(FinalStep * Batch * hiddenSize, Batch * hiddenSize);

    internal int FinalStep => Reverse ? 0 : Steps - 1;

    internal bool IsActive(int t, int b) => !HasLengths || t < Lengths[b];

    internal static void Ensure(ref T[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new T[size];
        }
    }

    internal void Begin(int steps, int batch, bool reverse, ReadOnlySpan<int> lengths)
    {
        Steps = steps;
        Batch = batch;
        Reverse = reverse;
        HasLengths = !lengths.IsEmpty;
        if (HasLengths)
        {
            if (lengths.Length != batch)
            {
                throw new ArgumentException($"Expected {batch} sequence lengths, got {lengths.Length}.", nameof(lengths));
            }

            if (Lengths.Length < batch)
            {
                Lengths = new int[batch];
            }

            lengths.CopyTo(Lengths);
        }
    }
}
