using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Cells;

/// <summary>
/// LSTM with PyTorch's gate order i, f, g, o, optional projection (h = W_hr (o ⊙ tanh c')) and optional
/// peepholes (i, f see P ⊙ c; o sees P ⊙ c'), stored as <c>weight_ph{suffix}</c> ordered i, f, o.
/// The gate (σ), candidate (tanh for g) and cell (tanh of c') activations are configurable
/// (<see cref="CellConfig.GateActivation"/>, <see cref="CellConfig.CandidateActivation"/>, <see cref="CellConfig.CellActivation"/>).
/// </summary>
public sealed class LstmLayer<T> : CellLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _weightHrT = [];

    public LstmLayer(ParameterSet<T> parameters, CellConfig config, string prefix = "", string suffix = "")
        : base(parameters, config, prefix, suffix)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (config.Type != CellKind.Lstm)
        {
            throw new ArgumentException($"LstmLayer needs an Lstm config, got {config.Type}.", nameof(config));
        }

        if (config.ProjSize > 0)
        {
            WeightHr = parameters.Add($"{prefix}weight_hr{suffix}", config.ProjSize, config.HiddenSize);
        }

        if (config.Peepholes)
        {
            Peepholes = parameters.Add($"{prefix}weight_ph{suffix}", 3 * config.HiddenSize);
        }
    }

    public Parameter<T>? WeightHr { get; }

    public Parameter<T>? Peepholes { get; }

    public override void Prepare()
    {
        base.Prepare();
        if (WeightHr is not null)
        {
            CellCache<T>.Ensure(ref _weightHrT, WeightHr.Length);
            Gemm.Transpose<T>(WeightHr.Value, Config.ProjSize, Config.HiddenSize, _weightHrT);
        }
    }

    public override void Forward(CellCache<T> cache, ReadOnlySpan<T> input, int steps, int batch, ReadOnlySpan<int> lengths, bool reverse, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int h = Config.HiddenSize;
        int ho = Config.OutputSize;
        int g = 4 * h;
        int rows = steps * batch;
        bool proj = WeightHr is not null;
        cache.Begin(steps, batch, reverse, lengths);
        CellCache<T>.Ensure(ref cache.Gates, rows * g);
        CellCache<T>.Ensure(ref cache.HPrev, rows * ho);
        CellCache<T>.Ensure(ref cache.H, rows * ho);
        CellCache<T>.Ensure(ref cache.CPrev, rows * h);
        CellCache<T>.Ensure(ref cache.C, rows * h);
        CellCache<T>.Ensure(ref cache.TanhC, rows * h);
        if (proj)
        {
            CellCache<T>.Ensure(ref cache.M, rows * h);
        }

        ProjectInputs(cache.Gates, input, rows, foldHiddenBias: true);
        ReadOnlySpan<T> hState = StateOrZero(h0, batch * ho, cache, nameof(h0));
        ReadOnlySpan<T> cState = StateOrZero(c0, batch * h, cache, nameof(c0));
        ReadOnlySpan<T> ph = Peepholes is null ? default : Peepholes.Value;
        Activation gate = Config.GateActivation;
        Activation candidate = Config.CandidateActivation;
        Activation cellActivation = Config.CellActivation;

        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            Span<T> gates = cache.Gates.AsSpan(t * batch * g, batch * g);
            Span<T> hPrev = cache.HPrev.AsSpan(t * batch * ho, batch * ho);
            Span<T> cPrev = cache.CPrev.AsSpan(t * batch * h, batch * h);
            Span<T> cNew = cache.C.AsSpan(t * batch * h, batch * h);
            Span<T> tanhC = cache.TanhC.AsSpan(t * batch * h, batch * h);
            Span<T> hNew = cache.H.AsSpan(t * batch * ho, batch * ho);
            Span<T> m = proj ? cache.M.AsSpan(t * batch * h, batch * h) : hNew;
            hState.CopyTo(hPrev);
            cState.CopyTo(cPrev);
            Gemm.MultiplyAdd<T>(batch, g, ho, hPrev, ho, 1, WeightHhT, g, gates, g);

            for (int b = 0; b < batch; b++)
            {
                Span<T> row = gates.Slice(b * g, g);
                Span<T> i = row[..h];
                Span<T> f = row.Slice(h, h);
                Span<T> cand = row.Slice(2 * h, h);
                Span<T> o = row.Slice(3 * h, h);
                ReadOnlySpan<T> cp = cPrev.Slice(b * h, h);
                Span<T> cn = cNew.Slice(b * h, h);
                if (!ph.IsEmpty)
                {
                    TensorPrimitives.MultiplyAdd(ph[..h], cp, i, i);
                    TensorPrimitives.MultiplyAdd(ph.Slice(h, h), cp, f, f);
                }

                CellActivations.Apply(gate, row[..(2 * h)], row[..(2 * h)]);
                CellActivations.Apply(candidate, cand, cand);
                TensorPrimitives.Multiply(f, cp, cn);
                TensorPrimitives.MultiplyAdd(i, cand, cn, cn);
                if (!ph.IsEmpty)
                {
                    TensorPrimitives.MultiplyAdd(ph.Slice(2 * h, h), cn, o, o);
                }

                CellActivations.Apply(gate, o, o);
                Span<T> tc = tanhC.Slice(b * h, h);
                CellActivations.Apply(cellActivation, cn, tc);
                TensorPrimitives.Multiply(o, tc, m.Slice(b * h, h));
            }

            if (proj)
            {
                hNew.Clear();
                Gemm.MultiplyAdd<T>(batch, ho, h, m, h, 1, _weightHrT, ho, hNew, ho);
            }

            for (int b = 0; b < batch; b++)
            {
                if (!cache.IsActive(t, b))
                {
                    hPrev.Slice(b * ho, ho).CopyTo(hNew.Slice(b * ho, ho));
                    cPrev.Slice(b * h, h).CopyTo(cNew.Slice(b * h, h));
                }
            }

            hState = hNew;
            cState = cNew;
        }
    }

    public override void Backward(CellCache<T> cache, ReadOnlySpan<T> input, ReadOnlySpan<T> dOutput, ReadOnlySpan<T> dhFinal, ReadOnlySpan<T> dcFinal, Span<T> dInput, Span<T> dh0, Span<T> dc0, T[][] gradients)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(gradients);
        int h = Config.HiddenSize;
        int ho = Config.OutputSize;
        int g = 4 * h;
        int batch = cache.Batch;
        int steps = cache.Steps;
        int rows = steps * batch;
        bool proj = WeightHr is not null;
        CheckLength(dOutput, rows * ho, nameof(dOutput));
        CellCache<T>.Ensure(ref cache.DGates, rows * g);
        CellCache<T>.Ensure(ref cache.Dh, batch * ho);
        CellCache<T>.Ensure(ref cache.Dc, batch * h);
        CellCache<T>.Ensure(ref cache.Scratch1, batch * ho);
        CellCache<T>.Ensure(ref cache.Scratch2, batch * h);
        Span<T> dh = cache.Dh.AsSpan(0, batch * ho);
        Span<T> dc = cache.Dc.AsSpan(0, batch * h);
        Span<T> dhNext = cache.Scratch1.AsSpan(0, batch * ho);
        Span<T> dm = cache.Scratch2.AsSpan(0, batch * h);
        CopyOrClear(dhFinal, dh);
        CopyOrClear(dcFinal, dc);
        ReadOnlySpan<T> ph = Peepholes is null ? default : Peepholes.Value;
        Span<T> gPh = Peepholes is null ? default : gradients[Peepholes.Index];
        Activation gate = Config.GateActivation;
        Activation candidate = Config.CandidateActivation;
        Activation cellActivation = Config.CellActivation;

        for (int s = steps - 1; s >= 0; s--)
        {
            int t = cache.Reverse ? steps - 1 - s : s;
            TensorPrimitives.Add(dh, dOutput.Slice(t * batch * ho, batch * ho), dh);

            // Only active rows produced this step's h, so only they feed the projection and the gates.
            dh.CopyTo(dhNext);
            for (int b = 0; b < batch; b++)
            {
                if (!cache.IsActive(t, b))
                {
                    dhNext.Slice(b * ho, ho).Clear();
                }
            }

            if (proj)
            {
                ReadOnlySpan<T> mStep = cache.M.AsSpan(t * batch * h, batch * h);
                Gemm.MultiplyAdd<T>(ho, h, batch, dhNext, 1, ho, mStep, h, gradients[WeightHr!.Index], h);
                dm.Clear();
                Gemm.MultiplyAdd<T>(batch, h, ho, dhNext, ho, 1, WeightHr.Value, h, dm, h);
            }
            else
            {
                dhNext.CopyTo(dm);
            }

            Span<T> dGates = cache.DGates.AsSpan(t * batch * g, batch * g);
            ReadOnlySpan<T> gates = cache.Gates.AsSpan(t * batch * g, batch * g);
            ReadOnlySpan<T> cPrev = cache.CPrev.AsSpan(t * batch * h, batch * h);
            ReadOnlySpan<T> cNew = cache.C.AsSpan(t * batch * h, batch * h);
            ReadOnlySpan<T> tanhC = cache.TanhC.AsSpan(t * batch * h, batch * h);
            for (int b = 0; b < batch; b++)
            {
                Span<T> dRow = dGates.Slice(b * g, g);
                if (!cache.IsActive(t, b))
                {
                    dRow.Clear();
                    continue;
                }

                ReadOnlySpan<T> row = gates.Slice(b * g, g);
                for (int j = 0; j < h; j++)
                {
                    int u = (b * h) + j;
                    T ig = row[j], fg = row[h + j], cg = row[(2 * h) + j], og = row[(3 * h) + j];
                    T tc = tanhC[u];
                    T dmv = dm[u];
                    T dOpre = dmv * tc * CellActivations.Derivative(gate, og);
                    T dcv = dc[u] + (dmv * og * CellActivations.Derivative(cellActivation, tc));
                    if (!ph.IsEmpty)
                    {
                        dcv += dOpre * ph[(2 * h) + j];
                        gPh[(2 * h) + j] += dOpre * cNew[u];
                    }

                    T cp = cPrev[u];
                    T dIpre = dcv * cg * CellActivations.Derivative(gate, ig);
                    T dFpre = dcv * cp * CellActivations.Derivative(gate, fg);
                    T dGpre = dcv * ig * CellActivations.Derivative(candidate, cg);
                    T dcPrev = dcv * fg;
                    if (!ph.IsEmpty)
                    {
                        dcPrev += (dIpre * ph[j]) + (dFpre * ph[h + j]);
                        gPh[j] += dIpre * cp;
                        gPh[h + j] += dFpre * cp;
                    }

                    dRow[j] = dIpre;
                    dRow[h + j] = dFpre;
                    dRow[(2 * h) + j] = dGpre;
                    dRow[(3 * h) + j] = dOpre;
                    dc[u] = dcPrev;
                }
            }

            // dh for the previous step: padded rows keep theirs; active rows get dG·W_hh.
            for (int b = 0; b < batch; b++)
            {
                if (cache.IsActive(t, b))
                {
                    dh.Slice(b * ho, ho).Clear();
                }
            }

            Gemm.MultiplyAdd<T>(batch, ho, g, dGates, g, 1, WeightHh.Value, ho, dh, ho);
        }

        ReadOnlySpan<T> dG = cache.DGates.AsSpan(0, rows * g);
        Gemm.MultiplyAdd<T>(g, ho, rows, dG, 1, g, cache.HPrev, ho, gradients[WeightHh.Index], ho);
        if (BiasHh is not null)
        {
            Gemm.AddColumnSums<T>(dG, rows, g, g, gradients[BiasHh.Index]);
        }

        FinishInputGradients(dG, input, rows, dInput, gradients);
        WriteIfRequested(dh, dh0);
        WriteIfRequested(dc, dc0);
    }
}
