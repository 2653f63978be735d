namespace Recurrent.Aot.Tests.Support;

/// <summary>Random weights and inputs shaped like PyTorch's defaults (uniform in ±1/√H), from a fixed seed.</summary>
internal static class RandomWeights
{
    public static float[] Uniform(Random random, int count, float scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }

    public static CellWeights For(CellSpec spec, Random random)
    {
        int rows = spec.GateCount * spec.HiddenSize;
        float k = 1f / MathF.Sqrt(spec.HiddenSize);
        return new CellWeights
        {
            WeightIh = Uniform(random, rows * spec.InputSize, k),
            WeightHh = Uniform(random, rows * spec.OutputSize, k),
            BiasIh = spec.HasBias ? Uniform(random, rows, k) : null,
            BiasHh = spec.HasBias ? Uniform(random, rows, k) : null,
            WeightHr = spec.ProjSize > 0 ? Uniform(random, spec.ProjSize * spec.HiddenSize, k) : null,
            Peepholes = spec.Peepholes ? Uniform(random, 3 * spec.HiddenSize, k) : null,
        };
    }

    public static IReadOnlyList<CellWeights> For(ModelSpec spec, Random random)
    {
        var weights = new List<CellWeights>();
        for (int layer = 0; layer < spec.Layers; layer++)
        {
            for (int direction = 0; direction < spec.Directions; direction++)
                weights.Add(For(spec.LayerCell(layer), random));
        }

        return weights;
    }

    public static HeadWeights? Head(ModelSpec spec, Random random)
    {
        if (spec.Head is not { } head)
            return null;
        int features = spec.Directions * spec.Cell.OutputSize;
        return new HeadWeights
        {
            Weight = Uniform(random, head.OutputSize * features, 1f / MathF.Sqrt(features)),
            Bias = head.HasBias ? Uniform(random, head.OutputSize, 0.5f) : null,
        };
    }
}
