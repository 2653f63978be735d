using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// What a <see cref="WeightPrecision"/> takes in the packed buffer, whose offsets are all in floats: a column section
/// of n weights takes n·bytes/4 floats (panels are 8, 16 or 32 units wide, so that is whole), and int8 sections add
/// their scale rows.
/// </summary>
internal static class WeightStorage
{
    /// <summary>Bytes of one stored weight: 4 (float32), 2 (bfloat16), 1 (int8).</summary>
    public static int ElementBytes(WeightPrecision precision) => precision switch
    {
        WeightPrecision.BFloat16 => 2,
        WeightPrecision.Int8 => 1,
        _ => 4,
    };

    /// <summary>Floats taken by <paramref name="elements"/> stored weights.</summary>
    public static int Floats(WeightPrecision precision, int elements) => elements * ElementBytes(precision) / 4;

    /// <summary>
    /// Floats of an int8 section's scale rows: for each of its <paramref name="rows"/> rows per unit a scale s, then the
    /// same rows of 1/s (the kernels divide the accumulator by s before the section and multiply by s after it). Zero
    /// for the other precisions.
    /// </summary>
    public static int ScaleFloats(WeightPrecision precision, int rows, int panelWidth)
        => precision == WeightPrecision.Int8 ? 2 * rows * panelWidth : 0;
}
