using System.Buffers;
using System.Runtime.CompilerServices;
using Recurrent.Aot.Internal;
using Recurrent.Aot.Kernels.Cells;

namespace Recurrent.Aot;

/// <summary>Streaming steps of many independent streams at once: each weight loaded feeds up to eight streams.</summary>
public sealed partial class RecurrentModel
{
    /// <summary>
    /// One step of every stream of a batch (unidirectional models, as <see cref="Step"/>): <paramref name="states"/>
    /// holds batch states of StateSize floats back to back (batch = states.Length / StateSize ≥ 1) and is updated in
    /// place; <paramref name="inputs"/> is (batch, InputSize) and <paramref name="outputs"/> receives (batch, OutputSize).
    /// Streams go in groups of 8, then 4, 2 and 1; each stream's result equals <see cref="Step"/> on it within float32
    /// rounding (the dot products sum in another order). Allocation-free; scratch comes from the stack or, for large
    /// models, the shared array pool.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is bidirectional or reverse.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length or spans overlap (the message says what was expected).</exception>
    [SkipLocalsInit]
    public void StepBatch(ReadOnlySpan<float> inputs, Span<float> states, Span<float> outputs)
    {
        if (Spec.Bidirectional)
            throw new InvalidOperationException("StepBatch streams one direction in time; a bidirectional model needs the whole sequence (use RunBatch).");
        if (Spec.Reverse)
            throw new InvalidOperationException("StepBatch streams forward in time; a reverse model reads the sequence from its end, so it needs the whole sequence (use RunBatch).");
        if (states.IsEmpty || states.Length % StateSize != 0)
            throw new ArgumentException($"Expected one or more states of StateSize = {StateSize} floats back to back but got {states.Length} floats.", nameof(states));
        int batch = states.Length / StateSize;
        // Checked before calling Guard: its message is an interpolated string, built (allocated) only on failure.
        if (inputs.Length != batch * InputSize)
            Guard.Length(inputs.Length, batch * InputSize, nameof(inputs), $"floats ({batch} streams × InputSize {InputSize})");
        if (outputs.Length != batch * OutputSize)
            Guard.Length(outputs.Length, batch * OutputSize, nameof(outputs), $"floats ({batch} streams × OutputSize {OutputSize})");
        Guard.NoOverlap(states, outputs, nameof(outputs), nameof(states));
        Guard.NoOverlap(inputs, states, nameof(states), nameof(inputs));
        Guard.NoOverlap(inputs, outputs, nameof(outputs), nameof(inputs));

        int cellScratch = 0;
        foreach (RecurrentCell cell in _cells)
            cellScratch = Math.Max(cellScratch, BatchedStep.ScratchSize(cell.Packed));
        int streams = BatchedStep.MaxStreams;
        int headPadded = _head?.PaddedSize ?? 0;
        int scratchSize = cellScratch + (streams * (_hOut + Spec.Cell.CellStateSize + headPadded));
        float[]? rented = scratchSize > StackScratchFloats ? ArrayPool<float>.Shared.Rent(scratchSize) : null;
        Span<float> scratch = rented is not null ? rented : stackalloc float[StackScratchFloats];
        try
        {
            for (int first = 0; first < batch;)
            {
                int group = BatchedStep.GroupSize(batch - first);
                StepGroup(inputs, states, outputs, first, group, scratch, cellScratch);
                first += group;
            }
        }
        finally
        {
            if (rented is not null)
                ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Streams first .. first + group − 1 through every layer, then the head.</summary>
    private void StepGroup(ReadOnlySpan<float> inputs, Span<float> states, Span<float> outputs, int first, int group, Span<float> scratch, int cellScratch)
    {
        int cellSize = Spec.Cell.CellStateSize;
        int streams = BatchedStep.MaxStreams;
        Span<float> kernelScratch = scratch[..cellScratch];
        Span<float> hNew = scratch.Slice(cellScratch, group * _hOut);
        Span<float> cNew = scratch.Slice(cellScratch + (streams * _hOut), group * cellSize);
        Span<float> groupStates = states.Slice(first * StateSize, group * StateSize);
        for (int layer = 0; layer < Spec.Layers; layer++)
        {
            // Unidirectional: layer k's state slot is k, and layer k > 0 reads layer k − 1's new h, already in the states.
            ReadOnlySpan<float> x = layer == 0
                ? inputs.Slice(first * InputSize, group * InputSize)
                : groupStates[HiddenOffset(layer - 1)..];
            int xStride = layer == 0 ? InputSize : StateSize;
            ReadOnlySpan<float> c = cellSize == 0 ? default : groupStates[CellOffset(layer)..];
            BatchedStep.Step(_cells[layer].Packed, group, x, xStride, groupStates[HiddenOffset(layer)..], StateSize, c, StateSize, hNew, _hOut, cNew, cellSize, kernelScratch);
            for (int s = 0; s < group; s++)
            {
                Span<float> state = groupStates.Slice(s * StateSize, StateSize);
                hNew.Slice(s * _hOut, _hOut).CopyTo(state.Slice(HiddenOffset(layer), _hOut));
                cNew.Slice(s * cellSize, cellSize).CopyTo(state.Slice(CellOffset(layer), cellSize));
            }
        }

        Span<float> groupOutputs = outputs.Slice(first * OutputSize, group * OutputSize);
        if (_head is null)
            hNew.CopyTo(groupOutputs);
        else
            _head.Apply(hNew, group, scratch.Slice(cellScratch + (streams * (_hOut + cellSize)), group * _head.PaddedSize), groupOutputs);
    }
}
