namespace Recurrent.Aot;

/// <summary>A stack of recurrent layers, optionally bidirectional, optionally followed by a dense head.</summary>
public sealed record ModelSpec
{
    /// <summary>The cell of layer 0, forward direction. Every layer shares its kind, sizes and options; layers above 0 take D·H_out inputs.</summary>
    public required CellSpec Cell { get; init; }

    /// <summary>Number of stacked layers (PyTorch <c>num_layers</c>).</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Whether every layer also runs a reverse-direction cell (PyTorch <c>bidirectional</c>).</summary>
    public bool Bidirectional { get; init; }

    /// <summary>
    /// A unidirectional model that reads every sequence backwards (ONNX <c>direction = reverse</c>): each layer
    /// processes t = T−1 … 0 and writes output t at input t. Whole sequences only (no streaming Step).
    /// </summary>
    public bool Reverse { get; init; }

    /// <summary>The dense head, or null.</summary>
    public HeadSpec? Head { get; init; }

    /// <summary>Whether direction <paramref name="direction"/> of a layer runs backwards in time: the reverse half of a bidirectional layer, or every layer of a <see cref="Reverse"/> model.</summary>
    public bool RunsBackwards(int direction) => direction == 1 || Reverse;

    /// <summary>1, or 2 when bidirectional.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>The cell spec of <paramref name="layer"/> (the same for both directions).</summary>
    public CellSpec LayerCell(int layer)
    {
        if ((uint)layer >= (uint)Layers)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Expected a layer in [0, {Layers}).");
        return layer == 0 ? Cell : Cell with { InputSize = Directions * Cell.OutputSize };
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the spec is not a valid model.</summary>
    public void Validate()
    {
        if (Cell is null)
            throw new ArgumentException("ModelSpec.Cell is required.");
        Cell.Validate();
        if (Reverse && Bidirectional)
            throw new ArgumentException("ModelSpec.Reverse describes a unidirectional model read backwards; a bidirectional model already has a reverse direction.");
        if (Layers < 1)
            throw new ArgumentException($"ModelSpec.Layers must be at least 1, got {Layers}.");
        if (Head is { } head)
        {
            if (head.OutputSize < 1)
                throw new ArgumentException($"ModelSpec.Head.OutputSize must be at least 1, got {head.OutputSize}.");
            if (!Enum.IsDefined(head.Activation))
                throw new ArgumentException($"ModelSpec.Head.Activation must be None, Sigmoid or Softmax, got {head.Activation}.");
        }
    }
}
