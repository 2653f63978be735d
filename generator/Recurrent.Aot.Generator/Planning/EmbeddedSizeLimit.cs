using System.Globalization;
using Recurrent.Aot.Generator.Diagnostics;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// Whether a model's packed weights fit in the string literal that embeds them. The compiler keeps every
/// string literal of an assembly in one user-string heap addressed with 24 bits, so past 16 MB the build
/// fails with an error that does not point at the model; checking the size first gives a clear diagnostic.
/// </summary>
internal static class EmbeddedSizeLimit
{
    /// <summary>
    /// 15 MB: the 16 MB (2^24-byte) heap minus 1 MB left for the assembly's other string literals. The weights
    /// go in as two bytes per char, so their byte count is what they occupy in the heap.
    /// </summary>
    public const long MaxPackedBytes = 15L * 1024 * 1024;

    /// <summary>Bytes of the packed weights: every cell, projection and head with its panel padding, as float32.</summary>
    public static long PackedBytes(PackedLayout layout)
    {
        // Summed per cell in 64 bits: the largest valid shapes overflow the layout's 32-bit running offset.
        long floats = 0;
        foreach (var cell in layout.Cells)
        {
            floats += cell.TotalFloats;
        }
        floats += layout.Head?.TotalFloats ?? 0;
        return floats * sizeof(float);
    }

    /// <summary>RAOT010 when the packed weights of <paramref name="plan"/> exceed <see cref="MaxPackedBytes"/>, else null.</summary>
    public static DiagnosticInfo? Check(ModelPlan plan, string fileName, LocationInfo? location)
    {
        long bytes = PackedBytes(plan.Layout);
        if (bytes <= MaxPackedBytes)
        {
            return null;
        }
        string attribute = plan.Spec.Kind switch
        {
            CellKind.Lstm => "Lstm",
            CellKind.Gru => "Gru",
            _ => "Rnn",
        };
        return DiagnosticInfo.Create(
            DiagnosticDescriptors.EmbeddedWeightsTooLarge,
            location,
            fileName,
            bytes.ToString("N0", CultureInfo.InvariantCulture),
            MaxPackedBytes.ToString("N0", CultureInfo.InvariantCulture),
            attribute);
    }
}
