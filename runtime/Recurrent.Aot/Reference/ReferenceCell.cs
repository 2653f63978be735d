using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Reference;

/// <summary>
/// DESIGN's cell equations as plain loops over the unpacked PyTorch layout: no packing, no SIMD, plain
/// (unfused) multiply-add in float. The oracle the tests hold the SIMD kernels to and the baseline the
/// benchmarks compare with. Allocation-free for up to 1024 gate rows.
/// </summary>
internal static class ReferenceCell
{
    /// <summary>One step; same contract as <see cref="RecurrentCell.Step"/> (weights validated by the caller).</summary>
    public static void Step(CellSpec spec, CellWeights weights, ReadOnlySpan<float> x, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hOut, Span<float> cOut)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        int rows = spec.GateCount * spec.HiddenSize;
        Span<float> xPart = rows <= 1024 ? stackalloc float[rows] : new float[rows];
        Span<float> hPart = rows <= 1024 ? stackalloc float[rows] : new float[rows];
        MatVec(weights.WeightIh, weights.BiasIh, x, xPart);
        MatVec(weights.WeightHh, weights.BiasHh, h, hPart);
        switch (spec.Kind)
        {
            case CellKind.Lstm:
                Lstm(spec, weights, xPart, hPart, c, hOut, cOut);
                break;
            case CellKind.Gru:
                Gru(spec, weights, xPart, hPart, h, hOut);
                break;
            default:
                for (int j = 0; j < spec.HiddenSize; j++)
                    hOut[j] = Act(spec.CandidateActivation, spec.CandidateParameters, Clip(spec, xPart[j] + hPart[j]));
                break;
        }
    }

    private static void Lstm(CellSpec spec, CellWeights weights, ReadOnlySpan<float> xPart, ReadOnlySpan<float> hPart, ReadOnlySpan<float> c, Span<float> hOut, Span<float> cOut)
    {
        int hidden = spec.HiddenSize;
        float[]? peep = weights.Peepholes;
        Span<float> gated = hidden <= 1024 ? stackalloc float[hidden] : new float[hidden];
        for (int j = 0; j < hidden; j++)
        {
            float preI = xPart[j] + hPart[j];
            float preF = xPart[hidden + j] + hPart[hidden + j];
            float preG = xPart[2 * hidden + j] + hPart[2 * hidden + j];
            float preO = xPart[3 * hidden + j] + hPart[3 * hidden + j];
            if (peep is not null)
            {
                preI += peep[j] * c[j];
                preF += peep[hidden + j] * c[j];
            }

            float i = Act(spec.GateActivation, spec.GateParameters, Clip(spec, preI));
            float f = spec.InputForget ? 1f - i : Act(spec.GateActivation, spec.GateParameters, Clip(spec, preF));
            float g = Act(spec.CandidateActivation, spec.CandidateParameters, Clip(spec, preG));
            float cNew = f * c[j] + i * g;
            if (peep is not null)
                preO += peep[2 * hidden + j] * cNew;
            float o = Act(spec.GateActivation, spec.GateParameters, Clip(spec, preO));
            cOut[j] = cNew;
            gated[j] = o * Act(spec.CellActivation, spec.CellParameters, cNew);
        }

        if (spec.ProjSize > 0)
            MatVec(weights.WeightHr!, null, gated, hOut);
        else
            gated.CopyTo(hOut);
    }

    private static void Gru(CellSpec spec, CellWeights weights, ReadOnlySpan<float> xPart, ReadOnlySpan<float> hPart, ReadOnlySpan<float> h, Span<float> hOut)
    {
        int hidden = spec.HiddenSize;
        Span<float> r = hidden <= 1024 ? stackalloc float[hidden] : new float[hidden];
        Span<float> z = hidden <= 1024 ? stackalloc float[hidden] : new float[hidden];
        for (int j = 0; j < hidden; j++)
        {
            r[j] = Act(spec.GateActivation, spec.GateParameters, Clip(spec, xPart[j] + hPart[j]));
            z[j] = Act(spec.GateActivation, spec.GateParameters, Clip(spec, xPart[hidden + j] + hPart[hidden + j]));
        }

        for (int j = 0; j < hidden; j++)
        {
            float pre;
            if (spec.GruReset == GruResetMode.AfterMatmul)
            {
                pre = xPart[2 * hidden + j] + r[j] * hPart[2 * hidden + j];
            }
            else
            {
                // W_hn (r ⊙ h) + b_hn, row 2H + j of weight_hh.
                float sum = weights.BiasHh is null ? 0f : weights.BiasHh[2 * hidden + j];
                int row = (2 * hidden + j) * hidden;
                for (int k = 0; k < hidden; k++)
                    sum += weights.WeightHh[row + k] * (r[k] * h[k]);
                pre = xPart[2 * hidden + j] + sum;
            }

            float n = Act(spec.CandidateActivation, spec.CandidateParameters, Clip(spec, pre));
            hOut[j] = (1f - z[j]) * n + z[j] * h[j];
        }
    }

    /// <summary>y = W v (+ b), W row-major with y.Length rows.</summary>
    private static void MatVec(float[] w, float[]? b, ReadOnlySpan<float> v, Span<float> y)
    {
        int columns = v.Length;
        for (int r = 0; r < y.Length; r++)
        {
            float sum = b is null ? 0f : b[r];
            int row = r * columns;
            for (int k = 0; k < columns; k++)
                sum += w[row + k] * v[k];
            y[r] = sum;
        }
    }

    private static float Clip(CellSpec spec, float value)
        => spec.Clip is float clip ? MathF.Min(MathF.Max(value, -clip), clip) : value;

    private static float Act(Activation activation, ActivationParameters parameters, float x) => ScalarActivations.Apply(activation, parameters, x);
}
