using System.Numerics;
using Recurrent.Aot.Training.Data;

namespace Recurrent.Aot.Training.Training;

/// <summary>Packs a shard's input sequences time-major (steps, batch, features), zero-padded to the longest.</summary>
internal static class ShardInputs
{
    /// <returns>The padded step count.</returns>
    public static int Fill<T>(ArraySegment<SequenceExample> shard, int inputSize, ref T[] input, ref int[] lengths, out bool padded)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = shard.Count;
        int steps = 0;
        foreach (SequenceExample e in shard)
        {
            steps = Math.Max(steps, e.Steps);
        }

        if (input.Length < steps * batch * inputSize)
        {
            input = new T[steps * batch * inputSize];
        }

        if (lengths.Length < batch)
        {
            lengths = new int[batch];
        }

        padded = false;
        Span<T> x = input.AsSpan(0, steps * batch * inputSize);
        x.Clear();
        for (int b = 0; b < batch; b++)
        {
            SequenceExample e = shard[b];
            lengths[b] = e.Steps;
            padded |= e.Steps != steps;
            for (int t = 0; t < e.Steps; t++)
            {
                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(e.Inputs.AsSpan(t * inputSize, inputSize), x.Slice(((t * batch) + b) * inputSize, inputSize));
            }
        }

        return steps;
    }
}
