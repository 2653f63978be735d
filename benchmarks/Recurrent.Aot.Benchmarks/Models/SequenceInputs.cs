namespace Recurrent.Aot.Benchmarks.Models;

/// <summary>
/// Distinct input rows in [-1, 1] for the sequence benchmarks, from the weights' seed. The first row is the
/// step suites' input (<see cref="SeededWeights.Input"/>), and a longer sequence starts with a shorter one.
/// </summary>
public static class SequenceInputs
{
    public static float[] For(ModelShape shape, int steps)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var random = new Random(SeededWeights.Seed + shape.InputSize);
        var values = new float[steps * shape.InputSize];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (2 * random.NextSingle()) - 1;
        }

        return values;
    }
}
