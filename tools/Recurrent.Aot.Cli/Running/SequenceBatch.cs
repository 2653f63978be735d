using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Running;

/// <summary>
/// A batch of sequences in the runtime's (seq, batch, features) layout, remembering how the user laid
/// it out so results go back the same way: batch-first swaps the first two dimensions, and a 2-D
/// (seq, features) input is one unbatched sequence whose results are written 2-D, as PyTorch does.
/// </summary>
internal sealed class SequenceBatch
{
    private SequenceBatch(float[] data, int steps, int batch, int features, bool batchFirst, bool unbatched)
    {
        Data = data;
        Steps = steps;
        Batch = batch;
        Features = features;
        BatchFirst = batchFirst;
        Unbatched = unbatched;
    }

    /// <summary>(seq, batch, features), row-major.</summary>
    public float[] Data { get; }

    public int Steps { get; }

    public int Batch { get; }

    public int Features { get; }

    public bool BatchFirst { get; }

    public bool Unbatched { get; }

    /// <summary>Checks the array's rank and feature count and brings it to (seq, batch, features).</summary>
    public static SequenceBatch FromNpy(NpyArray array, bool batchFirst, int expectedFeatures, string path, string? hint)
    {
        int[] shape = array.Shape;
        string layout = batchFirst ? "(batch, seq, features)" : "(seq, batch, features)";
        if (shape.Length is not (2 or 3))
        {
            throw new CliInputException($"{path} has shape {ShapeText.Format(shape)}; expected {layout} or (seq, features).");
        }

        int features = shape[^1];
        if (features != expectedFeatures)
        {
            throw new CliInputException(
                $"{path} has {features} features (the last dimension of shape {ShapeText.Format(shape)}); the model expects {expectedFeatures}.{hint}");
        }

        bool unbatched = shape.Length == 2;
        int steps = unbatched || !batchFirst ? shape[0] : shape[1];
        int batch = unbatched ? 1 : batchFirst ? shape[0] : shape[1];
        if (steps == 0 || batch == 0)
        {
            throw new CliInputException($"{path} has shape {ShapeText.Format(shape)}: no {(steps == 0 ? "time steps" : "sequences")} to run.");
        }

        float[] data = batchFirst && !unbatched ? SwapFirstTwo(array.Data, shape[0], shape[1], features) : array.Data;
        return new SequenceBatch(data, steps, batch, features, batchFirst, unbatched);
    }

    /// <summary>The shape results with <paramref name="size"/> per step are written in.</summary>
    public int[] ResultShape(int size) =>
        Unbatched ? [Steps, size] : BatchFirst ? [Batch, Steps, size] : [Steps, Batch, size];

    /// <summary>(seq, batch, size) results rearranged into <see cref="ResultShape"/>.</summary>
    public float[] ToUserLayout(float[] results, int size) =>
        BatchFirst && !Unbatched ? SwapFirstTwo(results, Steps, Batch, size) : results;

    /// <summary>The shape an initial or final state has for this input: PyTorch drops the batch dimension for unbatched input.</summary>
    public int[] StateShape(int slots, int size) => Unbatched ? [slots, size] : [slots, Batch, size];

    private static float[] SwapFirstTwo(float[] source, int first, int second, int inner)
    {
        var result = new float[source.Length];
        for (int i = 0; i < first; i++)
        {
            for (int j = 0; j < second; j++)
            {
                source.AsSpan(((i * second) + j) * inner, inner).CopyTo(result.AsSpan(((j * first) + i) * inner, inner));
            }
        }

        return result;
    }
}
