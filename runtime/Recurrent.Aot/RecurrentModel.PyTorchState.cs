using Recurrent.Aot.Internal;

namespace Recurrent.Aot;

/// <summary>
/// Where each layer-direction's h and c sit in a stream's state, and the conversion between PyTorch's
/// h_0/c_0 and h_n/c_n, shaped (layers·directions, batch, size), and the runtime's states, (batch, StateSize).
/// </summary>
public sealed partial class RecurrentModel
{
    /// <summary>
    /// Copies PyTorch's initial state into <paramref name="states"/> (batch, StateSize), overwriting every float:
    /// <paramref name="h0"/> is (layers·directions, batch, H_out) and <paramref name="c0"/> is
    /// (layers·directions, batch, H) for an LSTM, empty for GRU and RNN models (they have no cell state).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is not positive or too large for a span.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, c0 is given to a model without cell state, or <paramref name="states"/> overlaps h0 or c0.</exception>
    public void ImportPyTorchState(ReadOnlySpan<float> h0, ReadOnlySpan<float> c0, int batch, Span<float> states)
    {
        CheckPyTorchState(batch, states.Length, nameof(states), h0.Length, nameof(h0), c0.Length, nameof(c0));
        Guard.NoOverlap(h0, states, nameof(states), nameof(h0));
        Guard.NoOverlap(c0, states, nameof(states), nameof(c0));
        int cellSize = Spec.Cell.CellStateSize;
        for (int slot = 0; slot < Spec.Layers * Spec.Directions; slot++)
        {
            for (int stream = 0; stream < batch; stream++)
            {
                Span<float> state = states.Slice(stream * StateSize, StateSize);
                int pytorchRow = slot * batch + stream;
                h0.Slice(pytorchRow * _hOut, _hOut).CopyTo(state.Slice(HiddenOffset(slot), _hOut));
                c0.Slice(pytorchRow * cellSize, cellSize).CopyTo(state.Slice(CellOffset(slot), cellSize));
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="states"/> (batch, StateSize) out as PyTorch's final state: <paramref name="hN"/>
    /// receives (layers·directions, batch, H_out) and <paramref name="cN"/> (layers·directions, batch, H) for an
    /// LSTM; for GRU and RNN models <paramref name="cN"/> must be empty.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is not positive or too large for a span.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, cN is given to a model without cell state, or hN or cN overlaps <paramref name="states"/>.</exception>
    public void ExportPyTorchState(ReadOnlySpan<float> states, int batch, Span<float> hN, Span<float> cN)
    {
        CheckPyTorchState(batch, states.Length, nameof(states), hN.Length, nameof(hN), cN.Length, nameof(cN));
        Guard.NoOverlap(states, hN, nameof(hN), nameof(states));
        Guard.NoOverlap(states, cN, nameof(cN), nameof(states));
        Guard.NoOverlap(hN, cN, nameof(cN), nameof(hN));
        int cellSize = Spec.Cell.CellStateSize;
        for (int slot = 0; slot < Spec.Layers * Spec.Directions; slot++)
        {
            for (int stream = 0; stream < batch; stream++)
            {
                ReadOnlySpan<float> state = states.Slice(stream * StateSize, StateSize);
                int pytorchRow = slot * batch + stream;
                state.Slice(HiddenOffset(slot), _hOut).CopyTo(hN.Slice(pytorchRow * _hOut, _hOut));
                state.Slice(CellOffset(slot), cellSize).CopyTo(cN.Slice(pytorchRow * cellSize, cellSize));
            }
        }
    }

    /// <summary>Start of the h of <paramref name="slot"/> (layer · Directions + direction) in one stream's state.</summary>
    private int HiddenOffset(int slot) => slot * _hOut;

    /// <summary>Start of the LSTM c of <paramref name="slot"/> (layer · Directions + direction) in one stream's state: after every h.</summary>
    private int CellOffset(int slot) => _cellStateOffset + slot * Spec.Cell.CellStateSize;

    private void CheckPyTorchState(int batch, int statesLength, string statesName, int hLength, string hName, int cLength, string cName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        // Checked here so that batch × StateSize below cannot overflow: no span holds more than int.MaxValue floats.
        if (batch > int.MaxValue / StateSize)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Expected at most {int.MaxValue / StateSize} streams of {StateSize} floats (the most one span holds).");
        int slots = Spec.Layers * Spec.Directions;
        Guard.Length(statesLength, batch * StateSize, statesName, "floats (batch × StateSize)");
        Guard.Length(hLength, slots * batch * _hOut, hName, "floats (layers·directions × batch × H_out)");
        int cellSize = Spec.Cell.CellStateSize;
        if (cellSize == 0 && cLength != 0)
            throw new ArgumentException($"Only LSTM models have a cell state; this model is {Spec.Cell.Kind}, so {cName} must be empty but got {cLength} floats.", cName);
        Guard.Length(cLength, slots * batch * cellSize, cName, "floats (layers·directions × batch × H)");
    }
}
