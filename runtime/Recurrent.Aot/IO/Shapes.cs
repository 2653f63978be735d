using System;
using System.Globalization;

namespace Recurrent.Aot.IO;

/// <summary>Element counts and the printed form of tensor shapes; the generator compiles this file too.</summary>
internal static class Shapes
{
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int dimension in shape)
        {
            count = checked(count * dimension);
        }

        return count;
    }

    /// <summary>Formats a shape the way NumPy and PyTorch print it: (2, 3), (5,), ().</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 1)
        {
            return "(" + shape[0].ToString(CultureInfo.InvariantCulture) + ",)";
        }

        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return "(" + string.Join(", ", parts) + ")";
    }
}
