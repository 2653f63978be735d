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
    /// A learned initial h (<c>initial_h</c>: H_out floats), or null for PyTorch's zero initial state. A model's cells
    /// all have one or none.
    /// </summary>
    public float[]? InitialHidden { get; init; }

    /// <summary>A learned initial LSTM cell state (<c>initial_c</c>: H floats), given together with <see cref="InitialHidden"/>; null otherwise.</summary>
    public float[]? InitialCell { get; init; }

    /// <summary>
    /// An int8 file's own quantization of the weight matrices, kept so a model loaded at
    /// <see cref="WeightPrecision.Int8"/> runs the stored values (the float arrays above hold q · scale); null otherwise.
    /// </summary>
    internal StoredInt8Weights? StoredInt8 { get; init; }

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

        if (InitialHidden is not null)
            Expect(InitialHidden, spec.OutputSize, $"{name}.initial_h", $"({spec.OutputSize})");
        if (spec.Kind == CellKind.Lstm && InitialHidden is not null)
            Expect(InitialCell, spec.HiddenSize, $"{name}.initial_c", $"({spec.HiddenSize})");
        else if (InitialCell is not null)
            throw new ArgumentException($"{name}: initial_c was given {(spec.Kind == CellKind.Lstm ? "without initial_h" : $"but a {spec.Kind} has no cell state")}.");
    }

    private static void Expect(float[]? array, long length, string tensor, string shape)
    {
        if (array is null)
            throw new ArgumentException($"{tensor} is missing: expected shape {shape}.");
        if (array.Length != length)
            throw new ArgumentException($"{tensor} has {array.Length} elements: expected shape {shape} = {length} elements.");
    }
}
