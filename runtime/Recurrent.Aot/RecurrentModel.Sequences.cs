using Recurrent.Aot.Internal;
using Recurrent.Aot.Kernels.Cells;
using Recurrent.Aot.Kernels.Packing;

namespace Recurrent.Aot;

/// <summary>Whole-sequence runs: the input half of every step is one matrix–matrix product, then only the recurrence is sequential.</summary>
public sealed partial class RecurrentModel
{
    /// <summary>
    /// N→N for one stream: <paramref name="inputs"/> (seq, InputSize) row-major, <paramref name="outputs"/>
    /// (seq, OutputSize); <paramref name="state"/> holds the initial state and receives the final one.
    /// </summary>
    public void Run(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs, ModelWorkspace workspace)
    {
        int seq = SequenceLength(inputs, 1);
        Guard.Length(outputs.Length, seq * OutputSize, nameof(outputs));
        RunBatch(inputs, 1, new ReadOnlySpan<int>(in seq), state, outputs, workspace);
    }

    /// <summary>N→1 for one stream: like <see cref="Run"/> but writes only the last step's output (OutputSize floats).</summary>
    public void RunLast(ReadOnlySpan<float> inputs, Span<float> state, Span<float> output, ModelWorkspace workspace)
    {
        int seq = SequenceLength(inputs, 1);
        if (seq == 0)
            throw new ArgumentException("Expected at least one input step but got none.", nameof(inputs));
        Guard.Length(state.Length, StateSize, nameof(state));
        Guard.Length(output.Length, OutputSize, nameof(output));
        Guard.NoOverlap(inputs, state, nameof(state), nameof(inputs));
        CheckWorkspace(workspace, seq, 1);
        ReadOnlySpan<float> last = RunLayers(inputs, seq, 1, new ReadOnlySpan<int>(in seq), state, workspace);
        EmitRows(last.Slice((seq - 1) * _layerWidth, _layerWidth), 1, output, workspace);
    }

    /// <summary>
    /// A batch of independent streams, each with its own length (ONNX <c>sequence_lens</c>):
    /// <paramref name="inputs"/> (seq, batch, InputSize), <paramref name="states"/> (batch, StateSize),
    /// <paramref name="outputs"/> (seq, batch, OutputSize). Steps past a stream's length write zeros and leave
    /// its state alone; a reverse direction starts at the stream's last valid step.
    /// </summary>
    public void RunBatch(ReadOnlySpan<float> inputs, int batch, ReadOnlySpan<int> lengths, Span<float> states, Span<float> outputs, ModelWorkspace workspace)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int seq = SequenceLength(inputs, batch);
        Guard.Length(lengths.Length, batch, nameof(lengths), "lengths (one per stream)");
        for (int s = 0; s < batch; s++)
        {
            if ((uint)lengths[s] > (uint)seq)
                throw new ArgumentException($"lengths[{s}] is {lengths[s]}: expected a length in [0, {seq}] (the sequence has {seq} steps).", nameof(lengths));
        }

        Guard.Length(states.Length, batch * StateSize, nameof(states));
        Guard.Length(outputs.Length, seq * batch * OutputSize, nameof(outputs));

        // Inputs are read again for every direction after states and outputs were written.
        Guard.NoOverlap(inputs, states, nameof(states), nameof(inputs));
        Guard.NoOverlap(inputs, outputs, nameof(outputs), nameof(inputs));
        Guard.NoOverlap(states, outputs, nameof(outputs), nameof(states));
        if (seq == 0)
            return;
        CheckWorkspace(workspace, seq, batch);
        ReadOnlySpan<float> last = RunLayers(inputs, seq, batch, lengths, states, workspace);
        EmitRows(last, seq * batch, outputs, workspace);
        for (int t = 0; t < seq; t++)
        {
            for (int s = 0; s < batch; s++)
            {
                if (t >= lengths[s])
                    outputs.Slice((t * batch + s) * OutputSize, OutputSize).Clear();
            }
        }
    }

    /// <summary>Runs every layer and direction; returns the last layer's outputs (seq · batch rows of D · H_out, zero past each length).</summary>
    /// <summary>Streams from which RunBatch computes W_hh·h for all streams in one product (the projection shares each load across up to 8 rows).</summary>
    internal const int BatchedRecurrenceMinimum = 4;

    private ReadOnlySpan<float> RunLayers(ReadOnlySpan<float> inputs, int seq, int batch, ReadOnlySpan<int> lengths, Span<float> states, ModelWorkspace workspace)
    {
        int rows = seq * batch;
        int directions = Spec.Directions;
        ReadOnlySpan<float> layerIn = inputs;
        Span<float> layerOut = default;
        for (int layer = 0; layer < Spec.Layers; layer++)
        {
            layerOut = (layer % 2 == 0 ? workspace.LayerA : workspace.LayerB).AsSpan(0, rows * _layerWidth);
            for (int direction = 0; direction < directions; direction++)
            {
                int index = layer * directions + direction;
                var cell = _cells[index].Packed;
                int stride = cell.PreactivationStride;
                Span<float> pre = workspace.Preactivations.AsSpan(0, rows * stride);
                CellKernels.ProjectInputs(cell, layerIn, rows, pre);
                // The batched W_hh product shares each weight load across the active streams (up to 8); below 4 the
                // little it shares was not shown to pay for gathering h and a round trip through memory, so small
                // batches run per stream.
                if (batch >= BatchedRecurrenceMinimum && cell.SupportsBatchedRecurrence)
                    RunDirectionBatched(cell, direction, index, seq, batch, lengths, states, pre, layerOut, workspace);
                else
                    RunDirectionPerStream(cell, direction, index, seq, batch, lengths, states, pre, layerOut, workspace);
            }

            layerIn = layerOut;
        }

        return layerOut;
    }

    /// <summary>One direction of one layer, stream after stream, each step fused (x part precomputed).</summary>
    private void RunDirectionPerStream(PackedCell cell, int direction, int index, int seq, int batch, ReadOnlySpan<int> lengths, Span<float> states, ReadOnlySpan<float> pre, Span<float> layerOut, ModelWorkspace workspace)
    {
        int stride = cell.PreactivationStride;
        int cellSize = Spec.Cell.CellStateSize;
        for (int s = 0; s < batch; s++)
        {
            Span<float> state = states.Slice(s * StateSize, StateSize);
            Span<float> hState = state.Slice(HiddenOffset(index), _hOut);
            Span<float> cState = state.Slice(CellOffset(index), cellSize);
            int length = lengths[s];
            ReadOnlySpan<float> h = hState;
            ReadOnlySpan<float> c = cState;
            for (int i = 0; i < length; i++)
            {
                int t = Spec.RunsBackwards(direction) ? length - 1 - i : i;
                int row = t * batch + s;
                Span<float> hNext = layerOut.Slice(row * _layerWidth + direction * _hOut, _hOut);
                Span<float> cNext = (i % 2 == 0 ? workspace.CellA : workspace.CellB).AsSpan();
                // Each step writes the next output row instead of swapping two buffers, so the step's parity picks
                // the panel order: every other step walks them last to first (see PanelOrder).
                CellKernels.Step(cell, default, pre.Slice(row * stride, stride), default, h, c, hNext, cNext, workspace.Scratch, backwards: i % 2 != 0);
                h = hNext;
                c = cNext;
            }

            if (length > 0)
            {
                h.CopyTo(hState);
                c.CopyTo(cState);
            }

            ClearPastLength(layerOut, direction, seq, batch, s, length);
        }
    }

    /// <summary>
    /// One direction of one layer, all streams together: at each step the active streams' h are gathered
    /// and W_hh h is one matrix–matrix product (each weight vector loaded once feeds up to eight streams); then
    /// each stream's gates are activated and its state updated.
    /// </summary>
    private void RunDirectionBatched(PackedCell cell, int direction, int index, int seq, int batch, ReadOnlySpan<int> lengths, Span<float> states, ReadOnlySpan<float> pre, Span<float> layerOut, ModelWorkspace workspace)
    {
        int stride = cell.PreactivationStride;
        int cellSize = Spec.Cell.CellStateSize;
        int maxLength = 0;
        for (int s = 0; s < batch; s++)
        {
            maxLength = Math.Max(maxLength, lengths[s]);
            states.Slice(s * StateSize + CellOffset(index), cellSize).CopyTo(workspace.BatchCellA.AsSpan(s * cellSize, cellSize));
        }

        Span<int> active = workspace.ActiveStreams;
        Span<float> hidden = workspace.BatchHidden;
        Span<float> recurrent = workspace.BatchRecurrent;
        for (int i = 0; i < maxLength; i++)
        {
            int count = 0;
            for (int s = 0; s < batch; s++)
            {
                int length = lengths[s];
                if (length <= i)
                    continue;
                active[count] = s;
                ReadOnlySpan<float> h = i == 0
                    ? states.Slice(s * StateSize + HiddenOffset(index), _hOut)
                    : layerOut.Slice((PreviousStep(Spec.RunsBackwards(direction), i, length) * batch + s) * _layerWidth + direction * _hOut, _hOut);
                h.CopyTo(hidden.Slice(count * _hOut, _hOut));
                count++;
            }

            CellKernels.ProjectRecurrent(cell, hidden, count, recurrent);
            Span<float> cells = i % 2 == 0 ? workspace.BatchCellA : workspace.BatchCellB;
            Span<float> cellsNext = i % 2 == 0 ? workspace.BatchCellB : workspace.BatchCellA;
            for (int j = 0; j < count; j++)
            {
                int s = active[j];
                int t = Spec.RunsBackwards(direction) ? lengths[s] - 1 - i : i;
                int row = t * batch + s;
                CellKernels.Step(
                    cell,
                    default,
                    pre.Slice(row * stride, stride),
                    recurrent.Slice(j * stride, stride),
                    hidden.Slice(j * _hOut, _hOut),
                    cells.Slice(s * cellSize, cellSize),
                    layerOut.Slice(row * _layerWidth + direction * _hOut, _hOut),
                    cellsNext.Slice(s * cellSize, cellSize),
                    workspace.Scratch);
            }
        }

        for (int s = 0; s < batch; s++)
        {
            int length = lengths[s];
            if (length > 0)
            {
                Span<float> state = states.Slice(s * StateSize, StateSize);
                int last = Spec.RunsBackwards(direction) ? 0 : length - 1;
                layerOut.Slice((last * batch + s) * _layerWidth + direction * _hOut, _hOut).CopyTo(state.Slice(HiddenOffset(index), _hOut));
                Span<float> finalCells = length % 2 == 0 ? workspace.BatchCellA : workspace.BatchCellB;
                finalCells.Slice(s * cellSize, cellSize).CopyTo(state.Slice(CellOffset(index), cellSize));
            }

            ClearPastLength(layerOut, direction, seq, batch, s, length);
        }
    }

    /// <summary>The time index step i-1 wrote for a stream of <paramref name="length"/> steps.</summary>
    private static int PreviousStep(bool backwards, int i, int length) => backwards ? length - i : i - 1;

    private void ClearPastLength(Span<float> layerOut, int direction, int seq, int batch, int stream, int length)
    {
        for (int t = length; t < seq; t++)
            layerOut.Slice((t * batch + stream) * _layerWidth + direction * _hOut, _hOut).Clear();
    }

    /// <summary>Writes <paramref name="rows"/> output rows from last-layer features: through the head, or as they are.</summary>
    private void EmitRows(ReadOnlySpan<float> features, int rows, Span<float> outputs, ModelWorkspace workspace)
    {
        if (_head is null)
            features[..(rows * _layerWidth)].CopyTo(outputs);
        else
            _head.Apply(features, rows, workspace.HeadPadded.AsSpan(0, rows * _head.PaddedSize), outputs);
    }

    private int SequenceLength(ReadOnlySpan<float> inputs, int batch)
    {
        int step = batch * InputSize;
        if (inputs.Length % step != 0)
            throw new ArgumentException($"Expected a whole number of steps of {batch} × {InputSize} floats but got {inputs.Length} floats.", nameof(inputs));
        return inputs.Length / step;
    }

    private void CheckWorkspace(ModelWorkspace workspace, int seq, int batch)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!ReferenceEquals(workspace.Owner, this))
            throw new ArgumentException("The workspace was created by another model; use this model's CreateWorkspace.", nameof(workspace));
        if (seq > workspace.MaxSequenceLength || batch > workspace.MaxBatch)
            throw new ArgumentException($"The workspace holds up to {workspace.MaxSequenceLength} steps × {workspace.MaxBatch} streams but the run needs {seq} × {batch}.", nameof(workspace));
    }
}
