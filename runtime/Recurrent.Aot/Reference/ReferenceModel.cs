using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Reference;

/// <summary>
/// The model semantics (stacking, directions, per-stream lengths, dense head, state layout) as plain
/// loops over <see cref="ReferenceCell"/>. It allocates freely: it is the oracle for
/// <see cref="RecurrentModel"/>, not a runtime.
/// </summary>
internal sealed class ReferenceModel
{
    private readonly CellWeights[] _weights;
    private readonly HeadWeights? _head;

    /// <summary>Weights ordered layer 0 forward, layer 0 reverse, layer 1 forward, ... (validated here).</summary>
    public ReferenceModel(ModelSpec spec, IReadOnlyList<CellWeights> weights, HeadWeights? head = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        spec.Validate();
        if (weights.Count != spec.Layers * spec.Directions)
            throw new ArgumentException($"Expected {spec.Layers * spec.Directions} cell weights, got {weights.Count}.", nameof(weights));
        for (int i = 0; i < weights.Count; i++)
            weights[i].Validate(spec.LayerCell(i / spec.Directions), $"cell {i}");
        Spec = spec;
        _weights = [.. weights];
        _head = head;
        int hOut = spec.Cell.OutputSize;
        LayerOutputSize = spec.Directions * hOut;
        OutputSize = spec.Head?.OutputSize ?? LayerOutputSize;
        StateSize = spec.Layers * spec.Directions * (hOut + spec.Cell.CellStateSize);
    }

    public ModelSpec Spec { get; }

    public int OutputSize { get; }

    public int StateSize { get; }

    private int LayerOutputSize { get; }

    /// <summary>Same contract as <see cref="RecurrentModel.RunBatch"/>: inputs (seq, batch, X), states (batch, StateSize), outputs (seq, batch, OutputSize).</summary>
    public void RunBatch(ReadOnlySpan<float> inputs, int batch, ReadOnlySpan<int> lengths, Span<float> states, Span<float> outputs)
    {
        int directions = Spec.Directions, hOut = Spec.Cell.OutputSize, hidden = Spec.Cell.HiddenSize;
        bool lstm = Spec.Cell.Kind == CellKind.Lstm;
        int seq = inputs.Length / (batch * Spec.Cell.InputSize);
        float[] layerIn = inputs.ToArray();
        for (int layer = 0; layer < Spec.Layers; layer++)
        {
            CellSpec cell = Spec.LayerCell(layer);
            var layerOut = new float[seq * batch * LayerOutputSize];
            for (int dir = 0; dir < directions; dir++)
            {
                int index = layer * directions + dir;
                for (int s = 0; s < batch; s++)
                {
                    Span<float> state = states.Slice(s * StateSize, StateSize);
                    float[] h = state.Slice(index * hOut, hOut).ToArray();
                    float[] c = lstm ? state.Slice(Spec.Layers * directions * hOut + index * hidden, hidden).ToArray() : [];
                    var hNew = new float[hOut];
                    var cNew = new float[c.Length];
                    for (int i = 0; i < lengths[s]; i++)
                    {
                        int t = Spec.RunsBackwards(dir) ? lengths[s] - 1 - i : i;
                        ReadOnlySpan<float> x = layerIn.AsSpan((t * batch + s) * cell.InputSize, cell.InputSize);
                        ReferenceCell.Step(cell, _weights[index], x, h, c, hNew, cNew);
                        hNew.CopyTo(layerOut, (t * batch + s) * LayerOutputSize + dir * hOut);
                        (h, hNew) = (hNew, h);
                        (c, cNew) = (cNew, c);
                    }

                    h.CopyTo(state.Slice(index * hOut, hOut));
                    if (lstm)
                        c.CopyTo(state.Slice(Spec.Layers * directions * hOut + index * hidden, hidden));
                }
            }

            layerIn = layerOut;
        }

        for (int t = 0; t < seq; t++)
        {
            for (int s = 0; s < batch; s++)
            {
                Span<float> y = outputs.Slice((t * batch + s) * OutputSize, OutputSize);
                if (t >= lengths[s])
                    y.Clear();
                else
                    ApplyHead(layerIn.AsSpan((t * batch + s) * LayerOutputSize, LayerOutputSize), y);
            }
        }
    }

    /// <summary>One streaming step of a unidirectional model: runs a length-1 sequence.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> state, Span<float> output)
        => RunBatch(x, 1, [1], state, output);

    private void ApplyHead(ReadOnlySpan<float> features, Span<float> y)
    {
        if (Spec.Head is not { } head)
        {
            features.CopyTo(y);
            return;
        }

        for (int o = 0; o < head.OutputSize; o++)
        {
            float sum = _head!.Bias is null ? 0f : _head.Bias[o];
            for (int k = 0; k < features.Length; k++)
                sum += _head.Weight[o * features.Length + k] * features[k];
            y[o] = head.Activation == HeadActivation.Sigmoid ? ScalarActivations.Sigmoid(sum) : sum;
        }

        if (head.Activation == HeadActivation.Softmax)
        {
            float max = float.NegativeInfinity;
            foreach (float v in y)
                max = MathF.Max(max, v);
            float total = 0f;
            for (int o = 0; o < y.Length; o++)
            {
                y[o] = MathF.Exp(y[o] - max);
                total += y[o];
            }

            for (int o = 0; o < y.Length; o++)
                y[o] /= total;
        }
    }
}
