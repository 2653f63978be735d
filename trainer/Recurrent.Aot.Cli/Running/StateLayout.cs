namespace Recurrent.Aot.Cli.Running;

/// <summary>
/// Moves states between PyTorch's h_0/c_0 layout, (layers·directions, batch, size), and the runtime's
/// per-stream layout: for each stream, every h (layer 0 forward, layer 0 reverse, layer 1 ...) then
/// every c (docs/runtime-api.md).
/// </summary>
internal sealed class StateLayout
{
    public StateLayout(ModelSpec spec, int stateSize)
    {
        Slots = spec.Layers * spec.Directions;
        HiddenSize = spec.Cell.OutputSize;
        CellSize = spec.Cell.CellStateSize;
        StateSize = stateSize;
        if (StateSize != Slots * (HiddenSize + CellSize))
        {
            throw new InvalidOperationException(
                $"The model's state holds {StateSize} floats per stream, but {Slots} layer-directions of h ({HiddenSize}) and c ({CellSize}) make {Slots * (HiddenSize + CellSize)}.");
        }
    }

    /// <summary>layers · directions: the first dimension of h_n and c_n.</summary>
    public int Slots { get; }

    /// <summary>H_out: the last dimension of h_n.</summary>
    public int HiddenSize { get; }

    /// <summary>H for an LSTM (the last dimension of c_n), 0 for cells without a cell state.</summary>
    public int CellSize { get; }

    public int StateSize { get; }

    public void ImportHidden(ReadOnlySpan<float> pytorch, Span<float> states, int batch) =>
        Import(pytorch, states, batch, HiddenSize, offset: 0);

    public void ImportCell(ReadOnlySpan<float> pytorch, Span<float> states, int batch) =>
        Import(pytorch, states, batch, CellSize, offset: Slots * HiddenSize);

    public float[] ExportHidden(ReadOnlySpan<float> states, int batch) =>
        Export(states, batch, HiddenSize, offset: 0);

    public float[] ExportCell(ReadOnlySpan<float> states, int batch) =>
        Export(states, batch, CellSize, offset: Slots * HiddenSize);

    private void Import(ReadOnlySpan<float> pytorch, Span<float> states, int batch, int size, int offset)
    {
        for (int slot = 0; slot < Slots; slot++)
        {
            for (int stream = 0; stream < batch; stream++)
            {
                pytorch.Slice(PytorchIndex(slot, stream, batch, size), size)
                    .CopyTo(states.Slice(StateIndex(slot, stream, size, offset), size));
            }
        }
    }

    private float[] Export(ReadOnlySpan<float> states, int batch, int size, int offset)
    {
        var pytorch = new float[Slots * batch * size];
        for (int slot = 0; slot < Slots; slot++)
        {
            for (int stream = 0; stream < batch; stream++)
            {
                states.Slice(StateIndex(slot, stream, size, offset), size)
                    .CopyTo(pytorch.AsSpan(PytorchIndex(slot, stream, batch, size), size));
            }
        }

        return pytorch;
    }

    private static int PytorchIndex(int slot, int stream, int batch, int size) => ((slot * batch) + stream) * size;

    private int StateIndex(int slot, int stream, int size, int offset) => (stream * StateSize) + offset + (slot * size);
}
