using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Cells;

/// <summary>
/// One direction of one recurrent layer: its parameters (PyTorch names), a forward pass over a whole
/// batch of sequences that records a <see cref="CellCache{T}"/>, and backpropagation through time.
/// </summary>
/// <remarks>
/// Work split: the input projection X·W_ihᵀ for all steps and all weight gradients are single large
/// products outside the time loop; only h·W_hhᵀ (forward) and dG·W_hh (backward) remain per step.
/// Batch entries shorter than the batch's step count keep their state on padded steps (PyTorch packed
/// sequences), so the reverse direction of a short entry starts at its own last step.
/// </remarks>
public abstract class CellLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _weightIhT = [];

    protected CellLayer(ParameterSet<T> parameters, CellConfig config, string prefix, string suffix)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        int gates = config.GateCount * config.HiddenSize;
        WeightIh = parameters.Add($"{prefix}weight_ih{suffix}", gates, config.InputSize);
        WeightHh = parameters.Add($"{prefix}weight_hh{suffix}", gates, config.OutputSize);
        if (config.HasBias)
        {
            BiasIh = parameters.Add($"{prefix}bias_ih{suffix}", gates);
            BiasHh = parameters.Add($"{prefix}bias_hh{suffix}", gates);
        }
    }

    public CellConfig Config { get; }

    public Parameter<T> WeightIh { get; }

    public Parameter<T> WeightHh { get; }

    public Parameter<T>? BiasIh { get; }

    public Parameter<T>? BiasHh { get; }

    protected int GateWidth => Config.GateCount * Config.HiddenSize;

    /// <summary>W_hhᵀ (H_out × G·H), refreshed by <see cref="Prepare"/>.</summary>
    protected T[] WeightHhT { get; private set; } = [];

    /// <summary>Refreshes the transposed weight copies after the parameters changed. Not thread-safe; call before forward passes.</summary>
    public virtual void Prepare()
    {
        CellCache<T>.Ensure(ref _weightIhT, WeightIh.Length);
        Gemm.Transpose<T>(WeightIh.Value, GateWidth, Config.InputSize, _weightIhT);
        T[] hhT = WeightHhT;
        CellCache<T>.Ensure(ref hhT, WeightHh.Length);
        Gemm.Transpose<T>(WeightHh.Value, GateWidth, Config.OutputSize, hhT);
        WeightHhT = hhT;
    }

    /// <summary>
    /// Runs the cell over input (steps, batch, InputSize). h0/c0 are (batch, OutputSize)/(batch, HiddenSize),
    /// empty for zeros. The states each step wrote stay in the cache.
    /// </summary>
    public abstract void Forward(CellCache<T> cache, ReadOnlySpan<T> input, int steps, int batch, ReadOnlySpan<int> lengths, bool reverse, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0);

    /// <summary>
    /// Backpropagates dOutput (steps, batch, OutputSize; zero on padded steps) plus the gradients of the
    /// final state (empty = zero). Adds parameter gradients into <paramref name="gradients"/> and the input
    /// gradient into <paramref name="dInput"/>; writes the initial-state gradients when those spans are non-empty.
    /// </summary>
    public abstract void Backward(CellCache<T> cache, ReadOnlySpan<T> input, ReadOnlySpan<T> dOutput, ReadOnlySpan<T> dhFinal, ReadOnlySpan<T> dcFinal, Span<T> dInput, Span<T> dh0, Span<T> dc0, T[][] gradients);

    public CellCache<T> CreateCache() => new();

    /// <summary>The state each step wrote: (steps, batch, OutputSize).</summary>
    public ReadOnlySpan<T> States(CellCache<T> cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.H.AsSpan(0, cache.Steps * cache.Batch * Config.OutputSize);
    }

    /// <summary>gates[t, b] = b_ih (+ b_hh when folded) + x[t, b]·W_ihᵀ, for every step at once.</summary>
    protected void ProjectInputs(Span<T> gates, ReadOnlySpan<T> input, int rows, bool foldHiddenBias)
    {
        int g = GateWidth;
        CheckLength(input, rows * Config.InputSize, nameof(input));
        gates = gates[..(rows * g)];
        if (BiasIh is null)
        {
            gates.Clear();
        }
        else
        {
            Span<T> first = gates[..g];
            BiasIh.Value.CopyTo(first);
            if (foldHiddenBias)
            {
                TensorPrimitives.Add(first, BiasHh!.Value, first);
            }

            for (int r = 1; r < rows; r++)
            {
                first.CopyTo(gates.Slice(r * g, g));
            }
        }

        Gemm.MultiplyAdd<T>(rows, g, Config.InputSize, input, Config.InputSize, 1, _weightIhT, g, gates, g);
    }

    /// <summary>Input-side gradients from the input-side gate gradients: dW_ih, db_ih and dX.</summary>
    protected void FinishInputGradients(ReadOnlySpan<T> dGates, ReadOnlySpan<T> input, int rows, Span<T> dInput, T[][] gradients)
    {
        int g = GateWidth;
        int x = Config.InputSize;
        Gemm.MultiplyAdd<T>(g, x, rows, dGates, 1, g, input, x, gradients[WeightIh.Index], x);
        if (BiasIh is not null)
        {
            Gemm.AddColumnSums<T>(dGates, rows, g, g, gradients[BiasIh.Index]);
        }

        if (!dInput.IsEmpty)
        {
            CheckLength(dInput, rows * x, nameof(dInput));
            Gemm.MultiplyAdd<T>(rows, x, g, dGates, g, 1, WeightIh.Value, x, dInput, x);
        }
    }

    protected static void CheckLength(ReadOnlySpan<T> span, int expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} values, got {span.Length}.", name);
        }
    }

    /// <summary>Returns the given initial state, or zeros when it is empty.</summary>
    protected static ReadOnlySpan<T> StateOrZero(ReadOnlySpan<T> state, int expected, CellCache<T> cache, string name)
    {
        if (state.IsEmpty)
        {
            CellCache<T>.Ensure(ref cache.Zero, expected);
            cache.Zero.AsSpan(0, expected).Clear();
            return cache.Zero.AsSpan(0, expected);
        }

        CheckLength(state, expected, name);
        return state;
    }

    protected static void CopyOrClear(ReadOnlySpan<T> source, Span<T> destination)
    {
        if (source.IsEmpty)
        {
            destination.Clear();
        }
        else
        {
            CheckLength(source, destination.Length, nameof(source));
            source.CopyTo(destination);
        }
    }

    protected static void WriteIfRequested(ReadOnlySpan<T> source, Span<T> destination)
    {
        if (!destination.IsEmpty)
        {
            CheckLength(destination, source.Length, nameof(destination));
            source.CopyTo(destination);
        }
    }
}
