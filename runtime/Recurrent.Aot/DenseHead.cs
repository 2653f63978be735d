using Recurrent.Aot.Kernels.Cells;
using Recurrent.Aot.Kernels.Packing;

namespace Recurrent.Aot;

/// <summary>The dense head y = act(W f + b), packed like a one-gate cell so it reuses the input projection kernel.</summary>
internal sealed class DenseHead
{
    private readonly int _blocks;

    public DenseHead(HeadSpec spec, HeadWeights weights, int inputSize, int lanes, WeightPrecision precision = WeightPrecision.Float32)
    {
        Spec = spec;
        InputSize = inputSize;
        int outputs = spec.OutputSize;
        if (weights.Weight is null || weights.Weight.Length != (long)outputs * inputSize)
            throw new ArgumentException($"head.weight has {weights.Weight?.Length ?? 0} elements: expected shape ({outputs}, {inputSize}) = {(long)outputs * inputSize} elements.");
        if (spec.HasBias && (weights.Bias is null || weights.Bias.Length != outputs))
            throw new ArgumentException($"head.bias has {weights.Bias?.Length ?? 0} elements: expected shape ({outputs}).");
        if (!spec.HasBias && weights.Bias is not null)
            throw new ArgumentException("head: the spec says HasBias = false but a bias was given.");
        _blocks = PanelPacker.BlockCount(outputs, lanes);
        Panel = PackedPanel.Pack(weights.Weight, weights.StoredInt8Weight, 1, outputs, inputSize, lanes, precision, "head.weight");
        Bias = weights.Bias is null ? AlignedBuffer.Empty : PanelPacker.PackVector(weights.Bias, 1, outputs, lanes);
        PaddedSize = _blocks * lanes;
    }

    public HeadSpec Spec { get; }

    /// <summary>W packed as a one-gate panel [block][InputSize][lane], 64-byte aligned, in the model's weight precision.</summary>
    public PackedPanel Panel { get; }

    /// <summary>b packed as [block][lane], 64-byte aligned; empty without a bias.</summary>
    public AlignedBuffer Bias { get; }

    public int InputSize { get; }

    /// <summary>Floats of scratch per row (outputs rounded up to whole vectors).</summary>
    public int PaddedSize { get; }

    /// <summary>outputs[row] = act(W features[row] + b) for <paramref name="rows"/> rows; <paramref name="padded"/> holds rows × PaddedSize.</summary>
    public void Apply(ReadOnlySpan<float> features, int rows, Span<float> padded, Span<float> outputs)
    {
        int count = Spec.OutputSize;
        CellKernels.Project(Panel, Bias, _blocks, 1, InputSize, features, rows, padded);
        for (int row = 0; row < rows; row++)
        {
            Span<float> y = outputs.Slice(row * count, count);
            padded.Slice(row * PaddedSize, count).CopyTo(y);
            Activate(y);
        }
    }

    private void Activate(Span<float> y)
    {
        switch (Spec.Activation)
        {
            case HeadActivation.Sigmoid:
                for (int i = 0; i < y.Length; i++)
                    y[i] = 1f / (1f + MathF.Exp(-y[i]));
                break;
            case HeadActivation.Softmax:
                float max = float.NegativeInfinity;
                foreach (float v in y)
                    max = MathF.Max(max, v);
                float total = 0f;
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = MathF.Exp(y[i] - max);
                    total += y[i];
                }

                for (int i = 0; i < y.Length; i++)
                    y[i] /= total;
                break;
        }
    }
}
