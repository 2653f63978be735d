using System.Buffers;
using System.Runtime.CompilerServices;
using Recurrent.Aot.Internal;
using Recurrent.Aot.Kernels.Cells;

namespace Recurrent.Aot;

/// <summary>
/// Stacked, optionally bidirectional recurrent layers with an optional dense head, weights packed once.
/// Immutable after construction and safe to share between threads; every run method is allocation-free
/// (whole sequences use a caller-owned <see cref="ModelWorkspace"/>). NaN and infinities in the inputs
/// propagate through the arithmetic: no exception is thrown for them.
/// </summary>
public sealed partial class RecurrentModel
{
    /// <summary>Streaming steps whose scratch fits here use the stack; larger ones rent from the shared array pool.</summary>
    internal const int StackScratchFloats = 2048;

    private readonly RecurrentCell[] _cells;
    private readonly DenseHead? _head;
    private readonly int _hOut;
    private readonly int _hidden;
    private readonly int _layerWidth;
    private readonly int _cellStateOffset;
    private readonly int _maxPreStride;
    private readonly int _maxCellScratch;
    private readonly float[] _initialState;

    private RecurrentModel(ModelSpec spec, RecurrentCell[] cells, DenseHead? head, IReadOnlyList<CellWeights> weights, WeightPrecision precision)
    {
        Spec = spec;
        WeightPrecision = precision;
        _cells = cells;
        _head = head;
        _hOut = spec.Cell.OutputSize;
        _hidden = spec.Cell.HiddenSize;
        _layerWidth = spec.Directions * _hOut;
        _cellStateOffset = spec.Layers * spec.Directions * _hOut;
        _maxPreStride = cells.Max(c => c.Packed.PreactivationStride);
        _maxCellScratch = cells.Max(c => c.Packed.ScratchSize);
        InputSize = spec.Cell.InputSize;
        OutputSize = head?.Spec.OutputSize ?? _layerWidth;
        StateSize = _cellStateOffset + spec.Layers * spec.Directions * spec.Cell.CellStateSize;
        _initialState = new float[StateSize];
        HasLearnedInitialState = weights[0].InitialHidden is not null;
        for (int slot = 0; HasLearnedInitialState && slot < weights.Count; slot++)
        {
            weights[slot].InitialHidden.CopyTo(_initialState.AsSpan(HiddenOffset(slot), _hOut));
            weights[slot].InitialCell?.CopyTo(_initialState.AsSpan(CellOffset(slot), spec.Cell.CellStateSize));
        }
    }

    /// <summary>The architecture: layer 0's forward cell, layers, directions, head.</summary>
    public ModelSpec Spec { get; }

    /// <summary>
    /// How the weight matrices are stored and streamed: <see cref="Aot.WeightPrecision.Float32"/> unless a reduced
    /// precision was asked for (<see cref="ModelLoadOptions.WeightPrecision"/>, <see cref="Create(ModelSpec, IReadOnlyList{CellWeights}, HeadWeights?, Aot.WeightPrecision)"/>).
    /// </summary>
    public WeightPrecision WeightPrecision { get; }

    /// <summary>Bytes of the packed weight matrices (W_ih, W_hh, W_hr, the head's W; int8 scales included): what a batch-1 step streams.</summary>
    public long WeightBytes => _cells.Sum(c => c.Packed.WeightBytes) + (_head?.Panel.Bytes ?? 0);

    /// <summary>Floats of one input step.</summary>
    public int InputSize { get; }

    /// <summary>Floats of one output step: the head's outputs, else Directions · H_out.</summary>
    public int OutputSize { get; }

    /// <summary>Floats of state per stream: every h (PyTorch h_n order), then for an LSTM every c (c_n order).</summary>
    public int StateSize { get; }

    /// <summary>Whether the model has a learned initial state (the trainer's <c>initial_h</c>/<c>initial_c</c>); otherwise it starts from zeros, as PyTorch does.</summary>
    public bool HasLearnedInitialState { get; }

    /// <summary>
    /// The state a new stream starts from (StateSize floats, layout as <see cref="StateSize"/>): the learned initial
    /// state, or zeros. A state the caller fills itself (a stackalloc'd span is zeros) is used as given.
    /// </summary>
    public ReadOnlySpan<float> InitialState => _initialState;

    /// <summary>Sets one stream's <paramref name="state"/> (StateSize floats) to <see cref="InitialState"/>: call it before a new sequence.</summary>
    public void ResetState(Span<float> state)
    {
        Guard.Length(state.Length, StateSize, nameof(state));
        _initialState.CopyTo(state);
    }

    /// <summary>Sets every stream of <paramref name="states"/> (batch, StateSize) to <see cref="InitialState"/>.</summary>
    public void ResetStates(Span<float> states)
    {
        if (states.Length % StateSize != 0)
            throw new ArgumentException($"Expected a whole number of states of {StateSize} floats but got {states.Length} floats.", nameof(states));
        for (int offset = 0; offset < states.Length; offset += StateSize)
            _initialState.CopyTo(states.Slice(offset, StateSize));
    }

    /// <summary>Builds a model from unpacked weights ordered layer 0 forward, layer 0 reverse, layer 1 forward, ...</summary>
    /// <exception cref="ArgumentException">The spec is invalid or a weight array has the wrong length (the message names it).</exception>
    public static RecurrentModel Create(ModelSpec spec, IReadOnlyList<CellWeights> weights, HeadWeights? head = null)
        => Create(spec, weights, head, WeightPrecision.Float32);

    /// <summary>
    /// Builds a model whose weight matrices (W_ih, W_hh, W_hr, the head's W) are stored in <paramref name="precision"/>:
    /// bfloat16 rounds them to nearest even, int8 quantizes them row by row (docs/file-format.md). Biases, peepholes,
    /// state and every sum stay float32.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid, a weight array has the wrong length, or a weight to quantize is not finite (the message names it).</exception>
    public static RecurrentModel Create(ModelSpec spec, IReadOnlyList<CellWeights> weights, HeadWeights? head, WeightPrecision precision)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        spec.Validate();
        int count = spec.Layers * spec.Directions;
        if (weights.Count != count)
            throw new ArgumentException($"Expected {count} cell weights ({spec.Layers} layers × {spec.Directions} directions), got {weights.Count}.", nameof(weights));
        var cells = new RecurrentCell[count];
        for (int i = 0; i < count; i++)
        {
            int layer = i / spec.Directions;
            string name = $"layer {layer}{(i % spec.Directions == 1 ? " reverse" : "")}";
            ArgumentNullException.ThrowIfNull(weights[i], $"{nameof(weights)}[{i}]");
            CellSpec cellSpec = spec.LayerCell(layer);
            weights[i].Validate(cellSpec, name);
            if ((weights[i].InitialHidden is null) != (weights[0].InitialHidden is null))
                throw new ArgumentException($"{name} {(weights[i].InitialHidden is null ? "has no" : "has an")} initial state but layer 0 {(weights[0].InitialHidden is null ? "has none" : "has one")}: every cell has a learned initial state or none does.", nameof(weights));
            cells[i] = RecurrentCell.Create(cellSpec, weights[i], precision, name);
        }

        DenseHead? dense = null;
        if (spec.Head is { } headSpec)
        {
            if (head is null)
                throw new ArgumentException("The spec has a head but no head weights were given.", nameof(head));
            dense = new DenseHead(headSpec, head, spec.Directions * spec.Cell.OutputSize, SimdInfo.Lanes, precision);
        }
        else if (head is not null)
        {
            throw new ArgumentException("Head weights were given but the spec has no head.", nameof(head));
        }

        return new RecurrentModel(spec, cells, dense, weights, precision);
    }

    /// <summary>Allocates the buffers for runs of up to <paramref name="maxSequenceLength"/> steps and <paramref name="maxBatch"/> streams.</summary>
    public ModelWorkspace CreateWorkspace(int maxSequenceLength, int maxBatch = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSequenceLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        return new ModelWorkspace(this, maxSequenceLength, maxBatch, _maxPreStride, _layerWidth, _hOut, Spec.Cell.CellStateSize, _maxCellScratch, _head?.PaddedSize ?? 0);
    }

    /// <summary>The h slice of (<paramref name="layer"/>, <paramref name="direction"/>) in one stream's state.</summary>
    public Span<float> GetHidden(Span<float> state, int layer, int direction = 0)
    {
        Guard.Length(state.Length, StateSize, nameof(state));
        return state.Slice(HiddenOffset(StateIndex(layer, direction)), _hOut);
    }

    /// <summary>The LSTM c slice of (<paramref name="layer"/>, <paramref name="direction"/>) in one stream's state.</summary>
    public Span<float> GetCell(Span<float> state, int layer, int direction = 0)
    {
        if (Spec.Cell.Kind != CellKind.Lstm)
            throw new InvalidOperationException($"Only LSTM models have a cell state; this model is {Spec.Cell.Kind}.");
        Guard.Length(state.Length, StateSize, nameof(state));
        return state.Slice(CellOffset(StateIndex(layer, direction)), _hidden);
    }

    /// <summary>
    /// One step of one stream (unidirectional models): <paramref name="state"/> (StateSize floats) is updated
    /// in place and <paramref name="output"/> receives OutputSize floats.
    /// </summary>
    [SkipLocalsInit]
    public void Step(ReadOnlySpan<float> x, Span<float> state, Span<float> output)
    {
        if (Spec.Bidirectional)
            throw new InvalidOperationException("Step streams one direction in time; a bidirectional model needs the whole sequence (use Run).");
        if (Spec.Reverse)
            throw new InvalidOperationException("Step streams forward in time; a reverse model reads the sequence from its end, so it needs the whole sequence (use Run).");
        Guard.Length(x.Length, InputSize, nameof(x));
        Guard.Length(state.Length, StateSize, nameof(state));
        Guard.Length(output.Length, OutputSize, nameof(output));
        Guard.NoOverlap(state, output, nameof(output), nameof(state));

        int scratchSize = _hOut + _hidden + _maxCellScratch + (_head?.PaddedSize ?? 0);
        float[]? rented = scratchSize > StackScratchFloats ? ArrayPool<float>.Shared.Rent(scratchSize) : null;
        Span<float> scratch = rented is not null ? rented : stackalloc float[StackScratchFloats];
        try
        {
            Span<float> hNew = scratch[.._hOut];
            Span<float> cNew = scratch.Slice(_hOut, Spec.Cell.CellStateSize);
            Span<float> cellScratch = scratch.Slice(_hOut + _hidden, _maxCellScratch);
            ReadOnlySpan<float> input = x;
            // Step runs unidirectional models only, so each layer's state slot is the layer itself.
            for (int layer = 0; layer < Spec.Layers; layer++)
            {
                Span<float> h = state.Slice(HiddenOffset(layer), _hOut);
                Span<float> c = state.Slice(CellOffset(layer), Spec.Cell.CellStateSize);
                CellKernels.Step(_cells[layer].Packed, input, default, default, h, c, hNew, cNew, cellScratch);
                hNew.CopyTo(h);
                cNew.CopyTo(c);
                input = h;
            }

            if (_head is null)
                input.CopyTo(output);
            else
                _head.Apply(input, 1, scratch.Slice(_hOut + _hidden + _maxCellScratch, _head.PaddedSize), output);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// 1→N: steps with <paramref name="first"/>, then feeds each output back as the next input, filling
    /// <paramref name="outputs"/> (n, OutputSize). Needs a unidirectional model with OutputSize == InputSize.
    /// </summary>
    public void Generate(ReadOnlySpan<float> first, Span<float> state, Span<float> outputs)
    {
        if (OutputSize != InputSize)
            throw new InvalidOperationException($"Generate feeds outputs back as inputs, so OutputSize ({OutputSize}) must equal InputSize ({InputSize}).");
        if (outputs.Length % OutputSize != 0)
            throw new ArgumentException($"Expected a multiple of OutputSize ({OutputSize}) floats but got {outputs.Length}.", nameof(outputs));
        // Checked before the zero-step return too, as the generated Generate does: a wrong call fails either way.
        Guard.Length(first.Length, InputSize, nameof(first));
        Guard.Length(state.Length, StateSize, nameof(state));
        int steps = outputs.Length / OutputSize;
        if (steps == 0)
            return;
        Step(first, state, outputs[..OutputSize]);
        for (int i = 1; i < steps; i++)
            Step(outputs.Slice((i - 1) * OutputSize, OutputSize), state, outputs.Slice(i * OutputSize, OutputSize));
    }

    private int StateIndex(int layer, int direction)
    {
        if ((uint)layer >= (uint)Spec.Layers)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Expected a layer in [0, {Spec.Layers}).");
        if ((uint)direction >= (uint)Spec.Directions)
            throw new ArgumentOutOfRangeException(nameof(direction), direction, $"Expected a direction in [0, {Spec.Directions}).");
        return layer * Spec.Directions + direction;
    }
}
