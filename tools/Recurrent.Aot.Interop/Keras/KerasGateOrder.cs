namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// Keras stores input-major matrices (in, G·u) with gate columns LSTM i, f, c, o and GRU z, r, h; PyTorch wants
/// (G·u, in) with rows LSTM i, f, g, o and GRU r, z, n. These conversions transpose and reorder gate blocks.
/// </summary>
internal static class KerasGateOrder
{
    /// <summary>For PyTorch gate block g, the Keras gate block it comes from.</summary>
    public static int SourceBlock(KerasRecurrentKind kind, int pytorchBlock)
        => kind == KerasRecurrentKind.Gru && pytorchBlock < 2 ? 1 - pytorchBlock : pytorchBlock;

    /// <summary>Kernel (rows, G·u) → weight (G·u, rows), gate blocks reordered.</summary>
    public static float[] TransposeKernel(KerasRecurrentKind kind, ReadOnlySpan<float> kernel, int rows, int gates, int units)
    {
        int columns = gates * units;
        var result = new float[columns * rows];
        for (int g = 0; g < gates; g++)
        {
            int source = SourceBlock(kind, g);
            for (int j = 0; j < units; j++)
            {
                int outRow = (g * units + j) * rows;
                int inColumn = source * units + j;
                for (int k = 0; k < rows; k++)
                {
                    result[outRow + k] = kernel[k * columns + inColumn];
                }
            }
        }
        return result;
    }

    /// <summary>A bias vector (G·u) with its gate blocks reordered.</summary>
    public static float[] ReorderBias(KerasRecurrentKind kind, ReadOnlySpan<float> bias, int gates, int units)
    {
        var result = new float[gates * units];
        for (int g = 0; g < gates; g++)
        {
            bias.Slice(SourceBlock(kind, g) * units, units).CopyTo(result.AsSpan(g * units, units));
        }
        return result;
    }

    /// <summary>Dense kernel (in, out) → Linear weight (out, in).</summary>
    public static float[] Transpose(ReadOnlySpan<float> matrix, int rows, int columns)
    {
        var result = new float[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[c * rows + r] = matrix[r * columns + c];
            }
        }
        return result;
    }
}
