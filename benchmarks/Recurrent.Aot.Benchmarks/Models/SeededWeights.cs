namespace Recurrent.Aot.Benchmarks.Models;

/// <summary>
/// Random weights from a fixed seed, so the scalar baseline, the runtime cell and the generated model
/// of one shape all run on the same numbers in every run. Drawn like PyTorch's default initialisation,
/// uniform in [-1/√H, 1/√H], which keeps the states in the range a trained model sees.
/// </summary>
public static class SeededWeights
{
    public const int Seed = 20240611;

    public static CellWeights For(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        // Not HashCode.Combine: it is randomised per process, and the weights must not be.
        var random = new Random(Seed + ((int)shape.Kind * 1_000_003) + (shape.InputSize * 1009) + shape.HiddenSize);
        float bound = 1f / MathF.Sqrt(shape.HiddenSize);
        int rows = shape.GateCount * shape.HiddenSize;
        return new CellWeights
        {
            WeightIh = Uniform(random, rows * shape.InputSize, bound),
            WeightHh = Uniform(random, rows * shape.HiddenSize, bound),
            BiasIh = Uniform(random, rows, bound),
            BiasHh = Uniform(random, rows, bound),
        };
    }

    /// <summary>
    /// The same weights flattened in PyTorch's parameters() order (weight_ih, weight_hh, bias_ih,
    /// bias_hh), the form generated models bind.
    /// </summary>
    public static float[] Parameters(ModelShape shape)
    {
        CellWeights weights = For(shape);
        float[][] parts = [weights.WeightIh, weights.WeightHh, weights.BiasIh!, weights.BiasHh!];
        var parameters = new float[parts.Sum(part => part.Length)];
        int offset = 0;
        foreach (float[] part in parts)
        {
            part.CopyTo(parameters, offset);
            offset += part.Length;
        }

        return parameters;
    }

    /// <summary>An input vector in [-1, 1] from the same seed.</summary>
    public static float[] Input(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Uniform(new Random(Seed + shape.InputSize), shape.InputSize, 1f);
    }

    private static float[] Uniform(Random random, int count, float bound)
    {
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ((2 * random.NextSingle()) - 1) * bound;
        }

        return values;
    }
}
