namespace Recurrent.Aot.Benchmarks.Models;

/// <summary>
/// Random weights from a fixed seed, so the scalar baseline, the runtime cell and the generated model
/// of one shape all run on the same numbers in every run. Drawn like PyTorch's default initialisation,
/// uniform in [-1/√H, 1/√H], which keeps the states in the range a trained model sees.
/// </summary>
public static class SeededWeights
{
    public const int Seed = 20240611;

    /// <summary>
    /// Seeds of layers above 0 are offset by this much per layer (a prime, far from the per-shape terms),
    /// so layer 1 of one shape does not repeat layer 0 of another benchmarked shape.
    /// </summary>
    private const int LayerSeedStride = 100_000_007;

    /// <summary>The weights of a one-layer shape's cell; a stacked shape must ask per layer.</summary>
    public static CellWeights For(ModelShape shape)
    {
        ModelShape.RequireSingleLayer(shape, $"{nameof(SeededWeights)}.{nameof(For)}");
        return ForLayer(shape, 0);
    }

    /// <summary>Every layer's weights, bottom first, as <see cref="RecurrentModel.Create"/> takes them.</summary>
    public static CellWeights[] ForEveryLayer(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Enumerable.Range(0, shape.Layers).Select(layer => ForLayer(shape, layer)).ToArray();
    }

    /// <summary>
    /// The weights of one layer: weight_ih (G·H × X) for layer 0, (G·H × H) above it. Layer 0 keeps the
    /// seed one-layer shapes have always used, so their numbers do not change; each layer above draws
    /// from its own seed.
    /// </summary>
    public static CellWeights ForLayer(ModelShape shape, int layer)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if ((uint)layer >= (uint)shape.Layers)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Expected a layer in [0, {shape.Layers}) of {shape}.");
        }

        // Not HashCode.Combine: it is randomised per process, and the weights must not be.
        int seed = unchecked(Seed + ((int)shape.Kind * 1_000_003) + (shape.InputSize * 1009) + shape.HiddenSize + (layer * LayerSeedStride));
        var random = new Random(seed);
        float bound = 1f / MathF.Sqrt(shape.HiddenSize);
        int rows = shape.GateCount * shape.HiddenSize;
        int inputSize = layer == 0 ? shape.InputSize : shape.HiddenSize;
        return new CellWeights
        {
            WeightIh = Uniform(random, rows * inputSize, bound),
            WeightHh = Uniform(random, rows * shape.HiddenSize, bound),
            BiasIh = Uniform(random, rows, bound),
            BiasHh = Uniform(random, rows, bound),
        };
    }

    /// <summary>
    /// The same weights flattened in PyTorch's parameters() order, layer by layer (weight_ih_l0,
    /// weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_ih_l1, ...), the form generated models bind.
    /// </summary>
    public static float[] Parameters(ModelShape shape)
    {
        float[][] parts = ForEveryLayer(shape)
            .SelectMany(weights => new[] { weights.WeightIh, weights.WeightHh, weights.BiasIh!, weights.BiasHh! })
            .ToArray();
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
