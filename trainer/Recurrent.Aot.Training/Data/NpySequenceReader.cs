using System.Globalization;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Training.Data;

/// <summary>
/// Reads sequences from .npy: inputs (count, steps, features), batch-first; targets from a second file:
/// labels (count) or (count, steps) for N→N; real-valued targets (count, width) or (count, steps, width).
/// </summary>
public static class NpySequenceReader
{
    public static List<SequenceExample> Read(string inputsPath, string targetsPath, TargetLayout layout)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputsPath);
        ArgumentException.ThrowIfNullOrEmpty(targetsPath);
        ArgumentNullException.ThrowIfNull(layout);
        NpyArray inputs = Load(inputsPath);
        NpyArray targets = Load(targetsPath);
        string inName = Path.GetFileName(inputsPath);
        string tName = Path.GetFileName(targetsPath);
        if (inputs.Shape.Length != 3)
        {
            throw new DataFormatException($"{inName}: inputs must have shape (count, steps, features), got ({string.Join(", ", inputs.Shape)}).");
        }

        int count = inputs.Shape[0], steps = inputs.Shape[1], features = inputs.Shape[2];
        CheckFinite(inputs.Data, inName, inputs.Shape);
        CheckFinite(targets.Data, tName, targets.Shape);
        int targetSteps = layout.EveryStep ? steps : 1;
        int width = layout.Labels ? 1 : layout.TargetWidth;
        int[] expected = (layout.EveryStep, layout.Labels) switch
        {
            (false, true) => [count],
            (true, true) => [count, steps],
            (false, false) => [count, width],
            _ => [count, steps, width],
        };
        if (!targets.Shape.SequenceEqual(expected))
        {
            throw new DataFormatException($"{tName}: targets must have shape ({string.Join(", ", expected)}) for {count} sequences of {steps} steps, got ({string.Join(", ", targets.Shape)}).");
        }

        var examples = new List<SequenceExample>(count);
        int perSequence = targetSteps * width;
        for (int n = 0; n < count; n++)
        {
            float[] x = inputs.Data.AsSpan(n * steps * features, steps * features).ToArray();
            float[] y = targets.Data.AsSpan(n * perSequence, perSequence).ToArray();
            if (!layout.Labels)
            {
                examples.Add(SequenceExample.WithTargets(x, steps, y, targetSteps));
                continue;
            }

            int[] labels = new int[y.Length];
            for (int i = 0; i < y.Length; i++)
            {
                float v = y[i];
                if (v < 0 || v != MathF.Floor(v) || (layout.Classes is int classes && v >= classes))
                {
                    string range = layout.Classes is int c ? $"an integer in [0, {c})" : "a non-negative integer";
                    throw new DataFormatException($"{tName}: label at index {(n * perSequence) + i} is {v.ToString(CultureInfo.InvariantCulture)}, expected {range}.");
                }

                labels[i] = (int)v;
            }

            examples.Add(SequenceExample.WithLabels(x, steps, labels));
        }

        return examples;
    }

    private static NpyArray Load(string path)
    {
        try
        {
            return Npy.Read(path);
        }
        catch (WeightsFormatException e)
        {
            throw new DataFormatException($"{Path.GetFileName(path)}: {e.Message}", e);
        }
    }

    private static void CheckFinite(float[] data, string name, int[] shape)
    {
        int bad = Array.FindIndex(data, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new DataFormatException($"{name}: value at index {bad} ({Index(bad, shape)}) is {data[bad].ToString(CultureInfo.InvariantCulture)} (NaN or infinite).");
        }
    }

    private static string Index(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }

        return string.Join(", ", index);
    }
}
