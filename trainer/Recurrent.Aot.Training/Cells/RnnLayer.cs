using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Cells;

/// <summary>Elman RNN: h' = act(W_ih x + b_ih + W_hh h + b_hh), act = tanh or relu.</summary>
public sealed class RnnLayer<T> : CellLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public RnnLayer(ParameterSet<T> parameters, CellConfig config, string prefix = "", string suffix = "")
        : base(parameters, config, prefix, suffix)
    {
        if (config.Type != CellKind.Rnn)
        {
            throw new ArgumentException($"RnnLayer needs an Rnn config, got {config.Type}.", nameof(config));
        }
    }

    public override void Forward(CellCache<T> cache, ReadOnlySpan<T> input, int steps, int batch, ReadOnlySpan<int> lengths, bool reverse, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int h = Config.HiddenSize;
        int rows = steps * batch;
        cache.Begin(steps, batch, reverse, lengths);
        CellCache<T>.Ensure(ref cache.Gates, rows * h);
        CellCache<T>.Ensure(ref cache.HPrev, rows * h);
        CellCache<T>.Ensure(ref cache.H, rows * h);
        ProjectInputs(cache.Gates, input, rows, foldHiddenBias: true);

        ReadOnlySpan<T> state = StateOrZero(h0, batch * h, cache, nameof(h0));
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            int at = t * batch * h;
            Span<T> pre = cache.Gates.AsSpan(at, batch * h);
            Span<T> prev = cache.HPrev.AsSpan(at, batch * h);
            Span<T> next = cache.H.AsSpan(at, batch * h);
            state.CopyTo(prev);
            Gemm.MultiplyAdd<T>(batch, h, h, prev, h, 1, WeightHhT, h, pre, h);
            if (Config.Nonlinearity == Activation.Tanh)
            {
                TensorPrimitives.Tanh(pre, next);
            }
            else
            {
                TensorPrimitives.Max(pre, T.Zero, next);
            }

            for (int b = 0; b < batch; b++)
            {
                if (!cache.IsActive(t, b))
                {
                    prev.Slice(b * h, h).CopyTo(next.Slice(b * h, h));
                }
            }

            state = next;
        }
    }

    public override void Backward(CellCache<T> cache, ReadOnlySpan<T> input, ReadOnlySpan<T> dOutput, ReadOnlySpan<T> dhFinal, ReadOnlySpan<T> dcFinal, Span<T> dInput, Span<T> dh0, Span<T> dc0, T[][] gradients)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(gradients);
        int h = Config.HiddenSize;
        int batch = cache.Batch;
        int steps = cache.Steps;
        int rows = steps * batch;
        CheckLength(dOutput, rows * h, nameof(dOutput));
        CellCache<T>.Ensure(ref cache.DGates, rows * h);
        CellCache<T>.Ensure(ref cache.Dh, batch * h);
        CellCache<T>.Ensure(ref cache.Scratch1, batch * h);
        Span<T> dh = cache.Dh.AsSpan(0, batch * h);
        Span<T> dhNext = cache.Scratch1.AsSpan(0, batch * h);
        CopyOrClear(dhFinal, dh);
        bool relu = Config.Nonlinearity == Activation.Relu;

        for (int s = steps - 1; s >= 0; s--)
        {
            int t = cache.Reverse ? steps - 1 - s : s;
            int at = t * batch * h;
            TensorPrimitives.Add(dh, dOutput.Slice(at, batch * h), dh);
            Span<T> dPre = cache.DGates.AsSpan(at, batch * h);
            ReadOnlySpan<T> hNew = cache.H.AsSpan(at, batch * h);
            for (int i = 0; i < batch * h; i++)
            {
                T y = hNew[i];
                dPre[i] = relu
                    ? (y > T.Zero ? dh[i] : T.Zero)
                    : dh[i] * (T.One - (y * y));
            }

            for (int b = 0; b < batch; b++)
            {
                if (!cache.IsActive(t, b))
                {
                    dPre.Slice(b * h, h).Clear();
                }
            }

            // Padded rows pass their gradient through unchanged (their state was carried).
            dh.CopyTo(dhNext);
            for (int b = 0; b < batch; b++)
            {
                if (cache.IsActive(t, b))
                {
                    dhNext.Slice(b * h, h).Clear();
                }
            }

            Gemm.MultiplyAdd<T>(batch, h, h, dPre, h, 1, WeightHh.Value, h, dhNext, h);
            dhNext.CopyTo(dh);
        }

        ReadOnlySpan<T> dG = cache.DGates.AsSpan(0, rows * h);
        Gemm.MultiplyAdd<T>(h, h, rows, dG, 1, h, cache.HPrev, h, gradients[WeightHh.Index], h);
        if (BiasHh is not null)
        {
            Gemm.AddColumnSums<T>(dG, rows, h, h, gradients[BiasHh.Index]);
        }

        FinishInputGradients(dG, input, rows, dInput, gradients);
        WriteIfRequested(dh, dh0);
        _ = dcFinal;
        _ = dc0;
    }
}
