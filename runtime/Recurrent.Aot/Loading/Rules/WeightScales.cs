using System;
using System.Collections.Generic;
using System.Globalization;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Loading.Rules;

/// <summary>
/// The int8 weight format's companion tensors (docs/file-format.md): an I8 weight matrix <c>W</c> of shape
/// (rows, columns) comes with <c>W_scale</c>, F32, shape (rows,), every scale finite and greater than zero
/// (w ≈ q · scale row by row). Shared by the runtime and the generator, so both accept and refuse the same files.
/// </summary>
internal static class WeightScales
{
    /// <summary>What a scale tensor's name adds to its weight's name.</summary>
    public const string Suffix = "_scale";

    /// <summary>The cell tensors (base names, before <c>_l{k}</c>) that may be stored in a reduced precision.</summary>
    public static readonly string[] CellMatrices = ["weight_ih", "weight_hh", "weight_hr"];

    /// <summary>The head tensor that may be stored in a reduced precision.</summary>
    public const string HeadMatrix = "weight";

    /// <summary>The scale tensor of weight tensor <paramref name="weightName"/>.</summary>
    public static string NameOf(string weightName) => weightName + Suffix;

    /// <summary>
    /// The file's declared precision token (<c>float32</c> when the metadata has none), checked against
    /// <see cref="RecurrentMetadataKeys.Accepted.WeightPrecisions"/>.
    /// </summary>
    public static string DeclaredPrecision(MetadataValues metadata)
        => metadata.Token(RecurrentMetadataKeys.WeightPrecision, RecurrentMetadataKeys.Accepted.WeightPrecisions) ?? "float32";

    /// <summary>Checks a scale tensor's shape against its weight's row count: (rows,).</summary>
    public static void CheckShape(ITensorDirectory file, string weightName)
    {
        string scaleName = NameOf(weightName);
        if (!file.TryGetShape(scaleName, out int[] scale) || !file.TryGetShape(weightName, out int[] weight) || weight.Length == 0)
        {
            return;
        }
        if (scale.Length != 1 || scale[0] != weight[0])
        {
            throw RuleFailure.Malformed($"{scaleName} has shape ({ArchitectureRules.Shape(scale)}): expected ({weight[0]}), one float32 scale per row of {weightName}.");
        }
    }

    /// <summary>
    /// Checks how one weight matrix is stored (docs/file-format.md), by dtype names as the header spells them: the
    /// matrix's dtype against the file's declared precision (<see cref="DeclaredPrecision"/>), and beside an I8 matrix its
    /// scale tensor (present, F32, shape (rows,)); a scale beside a matrix that is not I8 is refused. Returns whether the
    /// matrix is int8: its q and scales are then read, and the scales' values checked by <see cref="CheckValues"/>.
    /// <c>scaleDType</c> and <c>scaleShape</c> are null when the file has no <c>name_scale</c> tensor.
    /// </summary>
    public static bool CheckStorage(string name, string dtype, int[] shape, string? scaleDType, int[]? scaleShape, string declaredPrecision)
    {
        string? expected = declaredPrecision switch
        {
            "bfloat16" => "BF16",
            "int8" => "I8",
            _ => null,
        };
        if (expected is not null && dtype != expected)
        {
            throw RuleFailure.Malformed($"{name} has dtype {dtype} but the file's {RecurrentMetadataKeys.WeightPrecision} is {declaredPrecision}: expected {expected}.");
        }
        string scaleName = NameOf(name);
        if (dtype != "I8")
        {
            if (scaleDType is not null)
            {
                throw RuleFailure.Malformed($"{scaleName} is present but {name} has dtype {dtype}: a scale belongs only to an I8 (int8) weight.");
            }
            return false;
        }
        int rows = shape.Length == 0 ? 1 : shape[0];
        if (scaleDType is null)
        {
            throw RuleFailure.Malformed($"{name} is int8 (I8) but {scaleName} is missing: expected an F32 tensor of shape ({rows}), one scale per row.");
        }
        if (scaleDType != "F32")
        {
            throw RuleFailure.Malformed($"{scaleName} has dtype {scaleDType}: expected F32 of shape ({rows}), one scale per row of {name}.");
        }
        if (scaleShape is null || scaleShape.Length != 1 || scaleShape[0] != rows)
        {
            throw RuleFailure.Malformed($"{scaleName} has shape {Shapes.Format(scaleShape ?? Array.Empty<int>())}: expected ({rows}), one float32 scale per row of {name}.");
        }
        return true;
    }

    /// <summary>Every scale must be finite and greater than zero: a refusal names the tensor, the row and the value.</summary>
    public static void CheckValues(string scaleName, ReadOnlySpan<float> scales)
    {
        for (int row = 0; row < scales.Length; row++)
        {
            if (!WeightQuantization.IsUsableScale(scales[row]))
            {
                throw RuleFailure.Malformed($"{scaleName}[{row}] is {scales[row].ToString(CultureInfo.InvariantCulture)}: expected a finite scale greater than zero (w = q · scale).");
            }
        }
    }
}
