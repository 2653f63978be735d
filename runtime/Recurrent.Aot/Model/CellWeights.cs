namespace Recurrent.Aot;

/// <summary>
/// The weights of one cell in PyTorch's layout, unpacked: row-major float arrays with the gate row blocks
/// in PyTorch order (LSTM i, f, g, o; GRU r, z, n).
/// </summary>
public sealed class CellWeights
{
    /// <summary><c>weight_ih</c>: (G·H, X).</summary>
    public required float[] WeightIh { get; init; }

    /// <summary><c>weight_hh</c>: (G·H, H_out).</summary>
    public required float[] WeightHh { get; init; }

    /// <summary><c>bias_ih</c>: (G·H), or null for a cell without biases.</summary>
    public float[]? BiasIh { get; init; }

    /// <summary><c>bias_hh</c>: (G·H), or null for a cell without biases.</summary>
    public float[]? BiasHh { get; init; }

    /// <summary><c>weight_hr</c>: (P, H), the LSTM projection, or null.</summary>
    public float[]? WeightHr { get; init; }

    /// <summary><c>weight_ph</c>: (3·H) LSTM peephole weights ordered i, f, o, or null.</summary>
    public float[]? Peepholes { get; init; }

    /// <summary>
    /// Checks every array against <paramref name="spec"/>; throws <see cref="ArgumentException"/> naming the
    /// tensor with the expected and the actual length.
    /// </summary>
    public void Validate(CellSpec spec, string name = "cell")
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        int rows = spec.GateCount * spec.HiddenSize;
        Expect(WeightIh, (long)rows * spec.InputSize, $"{name}.weight_ih", $"({rows}, {spec.InputSize})");
        Expect(WeightHh, (long)rows * spec.OutputSize, $"{name}.weight_hh", $"({rows}, {spec.OutputSize})");
        if (spec.HasBias)
        {
            Expect(BiasIh, rows, $"{name}.bias_ih", $"({rows})");
            Expect(BiasHh, rows, $"{name}.bias_hh", $"({rows})");
        }
        else if (BiasIh is not null || BiasHh is not null)
        {
            throw new ArgumentException($"{name}: the spec says HasBias = false but bias arrays were given.");
        }

        if (spec.ProjSize > 0)
            Expect(WeightHr, (long)spec.ProjSize * spec.HiddenSize, $"{name}.weight_hr", $"({spec.ProjSize}, {spec.HiddenSize})");
        else if (WeightHr is not null)
            throw new ArgumentException($"{name}: weight_hr was given but the spec has ProjSize = 0.");

        if (spec.Peepholes)
            Expect(Peepholes, 3L * spec.HiddenSize, $"{name}.weight_ph", $"({3 * spec.HiddenSize})");
        else if (Peepholes is not null)
            throw new ArgumentException($"{name}: peephole weights were given but the spec has Peepholes = false.");
    }

    private static void Expect(float[]? array, long length, string tensor, string shape)
    {
        if (array is null)
            throw new ArgumentException($"{tensor} is missing: expected shape {shape}.");
        if (array.Length != length)
            throw new ArgumentException($"{tensor} has {array.Length} elements: expected shape {shape} = {length} elements.");
    }
}
