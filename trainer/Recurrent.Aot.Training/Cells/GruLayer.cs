using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Cells;

/// <summary>
/// GRU with PyTorch's gate order r, z, n and h' = (1 − z) ⊙ n + z ⊙ h, in both reset conventions
/// (<see cref="GruResetMode"/>), with configurable gate (σ for r, z) and candidate (tanh for n) activations.
/// </summary>
public sealed class GruLayer<T> : CellLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public GruLayer(ParameterSet<T> parameters, CellConfig config, string prefix = "", string suffix = "")
        : base(parameters, config, prefix, suffix)
    {
        if (config.Type != CellKind.Gru)
        {
            throw new ArgumentException($"GruLayer needs a Gru config, got {config.Type}.", nameof(config));
        }
    }

    private bool ResetAfter => Config.GruReset == GruResetMode.AfterMatmul;

    public override void Forward(CellCache<T> cache, ReadOnlySpan<T> input, int steps, int batch, ReadOnlySpan<int> lengths, bool reverse, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int h = Config.HiddenSize;
        int g = 3 * h;
        int rows = steps * batch;
        cache.Begin(steps, batch, reverse, lengths);
        CellCache<T>.Ensure(ref cache.Gates, rows * g);
        CellCache<T>.Ensure(ref cache.HPrev, rows * h);
        CellCache<T>.Ensure(ref cache.H, rows * h);
        CellCache<T>.Ensure(ref cache.Extra, rows * h);
        CellCache<T>.Ensure(ref cache.Scratch1, batch * g);

        // The hidden bias cannot be folded into the input projection for n (r multiplies it when reset-after).
        ProjectInputs(cache.Gates, input, rows, foldHiddenBias: false);
        Span<T> hidden = cache.Scratch1.AsSpan(0, batch * g);
        ReadOnlySpan<T> state = StateOrZero(h0, batch * h, cache, nameof(h0));
        Activation gate = Config.GateActivation;
        Activation candidate = Config.CandidateActivation;
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            Span<T> gates = cache.Gates.AsSpan(t * batch * g, batch * g);
            Span<T> hPrev = cache.HPrev.AsSpan(t * batch * h, batch * h);
            Span<T> hNew = cache.H.AsSpan(t * batch * h, batch * h);
            Span<T> extra = cache.Extra.AsSpan(t * batch * h, batch * h);
            state.CopyTo(hPrev);
            FillBias(hidden, batch, g);
            if (ResetAfter)
            {
                Gemm.MultiplyAdd<T>(batch, g, h, hPrev, h, 1, WeightHhT, g, hidden, g);
                for (int b = 0; b < batch; b++)
                {
                    Span<T> row = gates.Slice(b * g, g);
                    Span<T> hh = hidden.Slice(b * g, g);
                    TensorPrimitives.Add(row[..(2 * h)], hh[..(2 * h)], row[..(2 * h)]);
                    CellActivations.Apply(gate, row[..(2 * h)], row[..(2 * h)]);
                    hh.Slice(2 * h, h).CopyTo(extra.Slice(b * h, h));
                    Span<T> n = row.Slice(2 * h, h);
                    TensorPrimitives.MultiplyAdd(row[..h], hh.Slice(2 * h, h), n, n);
                    CellActivations.Apply(candidate, n, n);
                }
            }
            else
            {
                Gemm.MultiplyAdd<T>(batch, 2 * h, h, hPrev, h, 1, WeightHhT, g, hidden, g);
                for (int b = 0; b < batch; b++)
                {
                    Span<T> row = gates.Slice(b * g, g);
                    TensorPrimitives.Add(row[..(2 * h)], hidden.Slice(b * g, 2 * h), row[..(2 * h)]);
                    CellActivations.Apply(gate, row[..(2 * h)], row[..(2 * h)]);
                    TensorPrimitives.Multiply(row[..h], hPrev.Slice(b * h, h), extra.Slice(b * h, h));
                }

                Gemm.MultiplyAdd<T>(batch, h, h, extra, h, 1, WeightHhT.AsSpan(2 * h), g, hidden[(2 * h)..], g);
                for (int b = 0; b < batch; b++)
                {
                    Span<T> n = gates.Slice((b * g) + (2 * h), h);
                    TensorPrimitives.Add(n, hidden.Slice((b * g) + (2 * h), h), n);
                    CellActivations.Apply(candidate, n, n);
                }
            }

            for (int b = 0; b < batch; b++)
            {
                Span<T> hn = hNew.Slice(b * h, h);
                ReadOnlySpan<T> hp = hPrev.Slice(b * h, h);
                if (!cache.IsActive(t, b))
                {
                    hp.CopyTo(hn);
                    continue;
                }

                ReadOnlySpan<T> z = gates.Slice((b * g) + h, h);
                ReadOnlySpan<T> n = gates.Slice((b * g) + (2 * h), h);
                TensorPrimitives.Subtract(hp, n, hn);
                TensorPrimitives.MultiplyAdd(z, hn, n, hn);
            }

            state = hNew;
        }
    }

    private void FillBias(Span<T> hidden, int batch, int g)
    {
        if (BiasHh is null)
        {
            hidden.Clear();
            return;
        }

        for (int b = 0; b < batch; b++)
        {
            BiasHh.Value.CopyTo(hidden.Slice(b * g, g));
        }
    }

    public override void Backward(CellCache<T> cache, ReadOnlySpan<T> input, ReadOnlySpan<T> dOutput, ReadOnlySpan<T> dhFinal, ReadOnlySpan<T> dcFinal, Span<T> dInput, Span<T> dh0, Span<T> dc0, T[][] gradients)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(gradients);
        int h = Config.HiddenSize;
        int g = 3 * h;
        int batch = cache.Batch;
        int steps = cache.Steps;
        int rows = steps * batch;
        bool after = ResetAfter;
        CheckLength(dOutput, rows * h, nameof(dOutput));
        CellCache<T>.Ensure(ref cache.DGates, rows * g);
        if (after)
        {
            CellCache<T>.Ensure(ref cache.DGatesHidden, rows * g);
        }

        CellCache<T>.Ensure(ref cache.Dh, batch * h);
        CellCache<T>.Ensure(ref cache.Scratch1, batch * g);
        CellCache<T>.Ensure(ref cache.Scratch2, batch * h);
        Span<T> dh = cache.Dh.AsSpan(0, batch * h);
        Span<T> dhNext = cache.Scratch1.AsSpan(0, batch * h);
        Span<T> dRh = cache.Scratch2.AsSpan(0, batch * h);
        CopyOrClear(dhFinal, dh);
        Activation gate = Config.GateActivation;
        Activation candidate = Config.CandidateActivation;

        for (int s = steps - 1; s >= 0; s--)
        {
            int t = cache.Reverse ? steps - 1 - s : s;
            TensorPrimitives.Add(dh, dOutput.Slice(t * batch * h, batch * h), dh);
            ReadOnlySpan<T> gates = cache.Gates.AsSpan(t * batch * g, batch * g);
            ReadOnlySpan<T> hPrev = cache.HPrev.AsSpan(t * batch * h, batch * h);
            ReadOnlySpan<T> extra = cache.Extra.AsSpan(t * batch * h, batch * h);
            Span<T> dIn = cache.DGates.AsSpan(t * batch * g, batch * g);
            Span<T> dHid = after ? cache.DGatesHidden.AsSpan(t * batch * g, batch * g) : dIn;
            for (int b = 0; b < batch; b++)
            {
                if (!cache.IsActive(t, b))
                {
                    dIn.Slice(b * g, g).Clear();
                    dHid.Slice(b * g, g).Clear();
                    dh.Slice(b * h, h).CopyTo(dhNext.Slice(b * h, h));
                    continue;
                }

                for (int j = 0; j < h; j++)
                {
                    int u = (b * h) + j;
                    int at = b * g;
                    T r = gates[at + j], z = gates[at + h + j], n = gates[at + (2 * h) + j];
                    T dhv = dh[u];
                    T dzPre = dhv * (hPrev[u] - n) * CellActivations.Derivative(gate, z);
                    T dnPre = dhv * (T.One - z) * CellActivations.Derivative(candidate, n);
                    dhNext[u] = dhv * z;
                    dIn[at + h + j] = dzPre;
                    dIn[at + (2 * h) + j] = dnPre;
                    if (after)
                    {
                        T drPre = dnPre * extra[u] * CellActivations.Derivative(gate, r);
                        dIn[at + j] = drPre;
                        dHid[at + j] = drPre;
                        dHid[at + h + j] = dzPre;
                        dHid[at + (2 * h) + j] = dnPre * r;
                    }
                }
            }

            if (after)
            {
                Gemm.MultiplyAdd<T>(batch, h, g, dHid, g, 1, WeightHh.Value, h, dhNext, h);
            }
            else
            {
                // n saw W_hn (r ⊙ h): its gradient reaches r and h through d(r ⊙ h).
                dRh.Clear();
                Gemm.MultiplyAdd<T>(batch, h, h, dIn[(2 * h)..], g, 1, WeightHh.Value.AsSpan(2 * h * h), h, dRh, h);
                for (int b = 0; b < batch; b++)
                {
                    if (!cache.IsActive(t, b))
                    {
                        continue;
                    }

                    for (int j = 0; j < h; j++)
                    {
                        int u = (b * h) + j;
                        T r = gates[(b * g) + j];
                        dIn[(b * g) + j] = dRh[u] * hPrev[u] * CellActivations.Derivative(gate, r);
                        dhNext[u] += dRh[u] * r;
                    }
                }

                Gemm.MultiplyAdd<T>(batch, h, 2 * h, dIn, g, 1, WeightHh.Value, h, dhNext, h);
            }

            dhNext.CopyTo(dh);
        }

        Span<T> gWhh = gradients[WeightHh.Index];
        ReadOnlySpan<T> dG = cache.DGates.AsSpan(0, rows * g);
        if (after)
        {
            ReadOnlySpan<T> dGh = cache.DGatesHidden.AsSpan(0, rows * g);
            Gemm.MultiplyAdd<T>(g, h, rows, dGh, 1, g, cache.HPrev, h, gWhh, h);
            if (BiasHh is not null)
            {
                Gemm.AddColumnSums<T>(dGh, rows, g, g, gradients[BiasHh.Index]);
            }
        }
        else
        {
            Gemm.MultiplyAdd<T>(2 * h, h, rows, dG, 1, g, cache.HPrev, h, gWhh, h);
            Gemm.MultiplyAdd<T>(h, h, rows, dG[(2 * h)..], 1, g, cache.Extra, h, gWhh[(2 * h * h)..], h);
            if (BiasHh is not null)
            {
                Gemm.AddColumnSums<T>(dG, rows, g, g, gradients[BiasHh.Index]);
            }
        }

        FinishInputGradients(dG, input, rows, dInput, gradients);
        WriteIfRequested(dh, dh0);
        _ = dcFinal;
        _ = dc0;
    }
}
