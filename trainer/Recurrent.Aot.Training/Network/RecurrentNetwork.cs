using System.Numerics;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Network;

/// <summary>
/// Stacked, optionally bidirectional recurrent layers with an optional dense head, trainable by
/// backpropagation through time. Inputs are time-major (steps, batch, features), as PyTorch's default.
/// </summary>
/// <remarks>
/// Parameters follow PyTorch's <c>state_dict</c> order and names under <see cref="NetworkSpec.ModuleName"/>:
/// per layer and direction weight_ih, weight_hh, bias_ih, bias_hh (weight_hr, weight_ph), then learnable
/// initial states (<c>initial_h_l{k}</c>, <c>initial_c_l{k}</c>, not PyTorch names), then the head.
/// A network is not thread-safe to <see cref="Prepare"/>, but forward and backward passes on separate
/// workspaces and gradient buffers may run concurrently.
/// </remarks>
public sealed class RecurrentNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CellLayer<T>[] _cells;
    private readonly Parameter<T>[] _initialH;
    private readonly Parameter<T>[] _initialC;

    public RecurrentNetwork(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        int directions = spec.Directions;
        _cells = new CellLayer<T>[spec.Layers * directions];
        for (int k = 0; k < spec.Layers; k++)
        {
            CellConfig config = spec.CellConfigFor(k);
            for (int d = 0; d < directions; d++)
            {
                string suffix = $"_l{k}{(d == 1 ? "_reverse" : string.Empty)}";
                _cells[(k * directions) + d] = CreateCell(Parameters, config, spec.ModuleName + ".", suffix);
            }
        }

        bool lstm = spec.Cell == CellKind.Lstm;
        _initialH = new Parameter<T>[spec.LearnInitialState ? _cells.Length : 0];
        _initialC = new Parameter<T>[spec.LearnInitialState && lstm ? _cells.Length : 0];
        for (int i = 0; i < _initialH.Length; i++)
        {
            string suffix = $"_l{i / directions}{(i % directions == 1 ? "_reverse" : string.Empty)}";
            _initialH[i] = Parameters.Add($"{spec.ModuleName}.initial_h{suffix}", spec.StateSize);
            if (lstm)
            {
                _initialC[i] = Parameters.Add($"{spec.ModuleName}.initial_c{suffix}", spec.HiddenSize);
            }
        }

        if (spec.HeadSize > 0)
        {
            Head = new DenseHead<T>(Parameters, spec.HeadName, spec.RecurrentOutputSize, spec.HeadSize);
        }
    }

    public NetworkSpec Spec { get; }

    public ParameterSet<T> Parameters { get; } = new();

    public DenseHead<T>? Head { get; }

    /// <summary>Layer k, direction d (0 forward, 1 reverse).</summary>
    public CellLayer<T> Cell(int layer, int direction) => _cells[(layer * Spec.Directions) + direction];

    public IReadOnlyList<Parameter<T>> InitialHidden => _initialH;

    public IReadOnlyList<Parameter<T>> InitialCell => _initialC;

    public NetworkWorkspace<T> CreateWorkspace() => new(_cells.Length, Spec.Layers);

    /// <summary>Refreshes derived weight copies; call after every parameter update and before forward passes.</summary>
    public void Prepare()
    {
        foreach (CellLayer<T> cell in _cells)
        {
            cell.Prepare();
        }

        Head?.Prepare();
    }

    /// <summary>
    /// Runs the network over input (steps, batch, InputSize). <paramref name="lengths"/> (empty = all full)
    /// marks padding: padded steps keep the state and output zeros. h0/c0 (PyTorch h_0/c_0 layout) override
    /// the zero or learned initial state.
    /// </summary>
    public void Forward(NetworkWorkspace<T> workspace, ReadOnlySpan<T> input, int steps, int batch, ReadOnlySpan<int> lengths, OutputMode mode, ReadOnlySpan<T> h0 = default, ReadOnlySpan<T> c0 = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (input.Length != steps * batch * Spec.InputSize)
        {
            throw new ArgumentException($"Input must hold steps·batch·InputSize = {steps}·{batch}·{Spec.InputSize} values, got {input.Length}.", nameof(input));
        }

        SetShape(workspace, steps, batch, lengths, mode);
        int dirs = Spec.Directions;
        int so = Spec.StateSize;
        int hs = Spec.HiddenSize;
        int width = Spec.RecurrentOutputSize;
        bool lstm = Spec.Cell == CellKind.Lstm;
        CheckState(h0, so, nameof(h0));
        CheckState(c0, hs, nameof(c0));
        Span<T> finalH = workspace.FinalH.Resize(_cells.Length * batch * so);
        Span<T> finalC = workspace.FinalC.Resize(lstm ? _cells.Length * batch * hs : 0);
        if (h0.IsEmpty && _initialH.Length > 0)
        {
            h0 = Broadcast(ref workspace.InitialH, _initialH, batch);
            if (lstm && c0.IsEmpty)
            {
                c0 = Broadcast(ref workspace.InitialC, _initialC, batch);
            }
        }

        Span<T> inputCopy = workspace.LayerInput.Resize(input.Length);
        input.CopyTo(inputCopy);
        ReadOnlySpan<T> layerInput = inputCopy;
        for (int k = 0; k < Spec.Layers; k++)
        {
            Span<T> output = workspace.LayerOutputs[k].Resize(steps * batch * width);
            for (int d = 0; d < dirs; d++)
            {
                int index = (k * dirs) + d;
                CellCache<T> cache = workspace.Caches[index];
                ReadOnlySpan<T> cellH0 = h0.IsEmpty ? default : h0.Slice(index * batch * so, batch * so);
                ReadOnlySpan<T> cellC0 = c0.IsEmpty || !lstm ? default : c0.Slice(index * batch * hs, batch * hs);
                _cells[index].Forward(cache, layerInput, steps, batch, lengths, d == 1, cellH0, cellC0);
                ReadOnlySpan<T> states = _cells[index].States(cache);
                for (int t = 0; t < steps; t++)
                {
                    for (int b = 0; b < batch; b++)
                    {
                        Span<T> target = output.Slice((((t * batch) + b) * width) + (d * so), so);
                        if (workspace.IsActive(t, b))
                        {
                            states.Slice(((t * batch) + b) * so, so).CopyTo(target);
                        }
                        else
                        {
                            target.Clear();
                        }
                    }
                }

                cache.FinalHidden(so).CopyTo(finalH.Slice(index * batch * so));
                if (lstm)
                {
                    cache.FinalCell(hs).CopyTo(finalC.Slice(index * batch * hs));
                }
            }

            layerInput = output;
        }

        ReadOnlySpan<T> top = layerInput;
        if (mode == OutputMode.LastStep)
        {
            Span<T> lastStep = workspace.LastStep.Resize(batch * width);
            for (int b = 0; b < batch; b++)
            {
                top.Slice(((workspace.LastStepOf(b) * batch) + b) * width, width).CopyTo(lastStep.Slice(b * width));
            }

            top = lastStep;
        }

        int rows = workspace.OutputRows;
        if (Head is null)
        {
            workspace.OutputWidth = width;
            workspace.OutputBuffer = mode == OutputMode.LastStep ? workspace.LastStep : workspace.LayerOutputs[^1];
        }
        else
        {
            workspace.OutputWidth = Head.Outputs;
            Head.Forward(top, rows, workspace.HeadOutput.Resize(rows * Head.Outputs));
            workspace.OutputBuffer = workspace.HeadOutput;
        }
    }

    /// <summary>
    /// Backpropagates dOutput (the shape of <see cref="NetworkWorkspace{T}.Output"/>) and optional final-state
    /// gradients (h_n/c_n layout) through the last forward pass on this workspace, adding parameter gradients
    /// into <paramref name="gradients"/>. With <paramref name="initialStateGradient"/> the gradients of h0/c0 are
    /// kept in the workspace (for an encoder feeding a decoder).
    /// </summary>
    public void Backward(NetworkWorkspace<T> workspace, ReadOnlySpan<T> dOutput, T[][] gradients, ReadOnlySpan<T> dhFinal = default, ReadOnlySpan<T> dcFinal = default, bool initialStateGradient = false)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(gradients);
        int steps = workspace.Steps;
        int batch = workspace.Batch;
        int dirs = Spec.Directions;
        int so = Spec.StateSize;
        int hs = Spec.HiddenSize;
        int width = Spec.RecurrentOutputSize;
        int rows = workspace.OutputRows;
        bool lstm = Spec.Cell == CellKind.Lstm;
        if (dOutput.Length != rows * workspace.OutputWidth)
        {
            throw new ArgumentException($"dOutput must hold {rows}·{workspace.OutputWidth} values, got {dOutput.Length}.", nameof(dOutput));
        }

        CheckState(dhFinal, so, nameof(dhFinal));
        CheckState(dcFinal, hs, nameof(dcFinal));

        // Gradient of the top layer's output sequence.
        Span<T> dTop = workspace.LayerGradients[^1].Resize(steps * batch * width);
        ReadOnlySpan<T> dTopRows = dOutput;
        if (Head is not null)
        {
            ReadOnlySpan<T> headInput = workspace.Mode == OutputMode.LastStep ? workspace.LastStep.Span : workspace.LayerOutputs[^1].Span;
            Span<T> dHeadInput = workspace.LastStepGradient.Resize(rows * width);
            Head.Backward(headInput, dOutput, rows, dHeadInput, gradients);
            dTopRows = dHeadInput;
        }

        if (workspace.Mode == OutputMode.LastStep)
        {
            dTop.Clear();
            for (int b = 0; b < batch; b++)
            {
                dTopRows.Slice(b * width, width).CopyTo(dTop.Slice(((workspace.LastStepOf(b) * batch) + b) * width));
            }
        }
        else
        {
            dTopRows.CopyTo(dTop);
        }

        bool wantH0 = initialStateGradient || _initialH.Length > 0;
        Span<T> initialHGradient = workspace.InitialHGradient.Resize(wantH0 ? _cells.Length * batch * so : 0);
        Span<T> initialCGradient = workspace.InitialCGradient.Resize(wantH0 && lstm ? _cells.Length * batch * hs : 0);
        Span<T> dDir = workspace.DirectionGradient.Resize(steps * batch * so);

        for (int k = Spec.Layers - 1; k >= 0; k--)
        {
            ReadOnlySpan<T> dLayerOutput = workspace.LayerGradients[k].Span;
            ReadOnlySpan<T> layerInput = k == 0 ? workspace.LayerInput.Span : workspace.LayerOutputs[k - 1].Span;
            Span<T> dLayerInput = default;
            if (k > 0)
            {
                dLayerInput = workspace.LayerGradients[k - 1].Resize(steps * batch * width);
                dLayerInput.Clear();
            }

            for (int d = 0; d < dirs; d++)
            {
                int index = (k * dirs) + d;
                for (int r = 0; r < steps * batch; r++)
                {
                    dLayerOutput.Slice((r * width) + (d * so), so).CopyTo(dDir.Slice(r * so, so));
                }

                // Padded steps output constant zeros: nothing flows back from them.
                for (int t = 0; t < steps; t++)
                {
                    for (int b = 0; b < batch; b++)
                    {
                        if (!workspace.IsActive(t, b))
                        {
                            dDir.Slice(((t * batch) + b) * so, so).Clear();
                        }
                    }
                }

                ReadOnlySpan<T> cellDh = dhFinal.IsEmpty ? default : dhFinal.Slice(index * batch * so, batch * so);
                ReadOnlySpan<T> cellDc = dcFinal.IsEmpty || !lstm ? default : dcFinal.Slice(index * batch * hs, batch * hs);
                Span<T> dh0 = wantH0 ? initialHGradient.Slice(index * batch * so, batch * so) : default;
                Span<T> dc0 = wantH0 && lstm ? initialCGradient.Slice(index * batch * hs, batch * hs) : default;
                _cells[index].Backward(workspace.Caches[index], layerInput, dDir, cellDh, cellDc, dLayerInput, dh0, dc0, gradients);
            }
        }

        // Learned initial states are shared by every sequence: their gradient sums over the batch.
        for (int i = 0; i < _initialH.Length; i++)
        {
            SumOverBatch(initialHGradient.Slice(i * batch * so, batch * so), batch, gradients[_initialH[i].Index]);
            if (lstm)
            {
                SumOverBatch(initialCGradient.Slice(i * batch * hs, batch * hs), batch, gradients[_initialC[i].Index]);
            }
        }
    }

    private static void SetShape(NetworkWorkspace<T> workspace, int steps, int batch, ReadOnlySpan<int> lengths, OutputMode mode)
    {
        workspace.Steps = steps;
        workspace.Batch = batch;
        workspace.Mode = mode;
        workspace.HasLengths = !lengths.IsEmpty;
        if (!lengths.IsEmpty)
        {
            if (lengths.Length != batch)
            {
                throw new ArgumentException($"Expected {batch} sequence lengths, got {lengths.Length}.", nameof(lengths));
            }

            foreach (int length in lengths)
            {
                if (length < 1 || length > steps)
                {
                    throw new ArgumentException($"Every sequence length must be between 1 and {steps}, got {length}.", nameof(lengths));
                }
            }

            if (workspace.Lengths.Length < batch)
            {
                workspace.Lengths = new int[batch];
            }

            lengths.CopyTo(workspace.Lengths);
        }
    }

    private void CheckState(ReadOnlySpan<T> state, int size, string name)
    {
        if (!state.IsEmpty && state.Length % (_cells.Length * size) != 0)
        {
            throw new ArgumentException($"{name} must hold layers·directions·batch·{size} values, got {state.Length}.", name);
        }
    }

    private static Span<T> Broadcast(ref GrowBuffer<T> buffer, Parameter<T>[] parameters, int batch)
    {
        int size = parameters[0].Length;
        Span<T> result = buffer.Resize(parameters.Length * batch * size);
        for (int i = 0; i < parameters.Length; i++)
        {
            for (int b = 0; b < batch; b++)
            {
                parameters[i].Value.CopyTo(result.Slice(((i * batch) + b) * size, size));
            }
        }

        return result;
    }

    private static void SumOverBatch(ReadOnlySpan<T> perEntry, int batch, Span<T> destination)
    {
        int size = destination.Length;
        for (int b = 0; b < batch; b++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(destination, perEntry.Slice(b * size, size), destination);
        }
    }

    private static CellLayer<T> CreateCell(ParameterSet<T> parameters, CellConfig config, string prefix, string suffix) => config.Type switch
    {
        CellKind.Lstm => new LstmLayer<T>(parameters, config, prefix, suffix),
        CellKind.Gru => new GruLayer<T>(parameters, config, prefix, suffix),
        _ => new RnnLayer<T>(parameters, config, prefix, suffix),
    };
}
