using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Inspection;

/// <summary>How a file stores its model's weight matrices (W_ih, W_hh, W_hr, the head's W) and the bytes they take, int8 scales included.</summary>
internal sealed record WeightSummary(string Precision, long Bytes)
{
    public static WeightSummary Of(SafeTensorsFile file, string? module)
    {
        HashSet<string> matrices = WeightPrecisionConverter.WeightMatrixNames(file, new ModelLoadOptions { Module = module });
        var dtypes = new SortedSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (string name in matrices)
        {
            TensorInfo weight = file.GetTensor(name);
            dtypes.Add(weight.DType switch
            {
                TensorDType.F32 => "float32",
                TensorDType.BF16 => "bfloat16",
                TensorDType.I8 => "int8 (per-row float32 scales)",
                TensorDType.F16 => "float16 (loaded as float32)",
                _ => weight.DType.ToString(),
            });
            bytes += weight.Length;
            if (file.TryGetTensor(name + "_scale", out TensorInfo? scale))
                bytes += scale.Length;
        }

        return new WeightSummary(string.Join(" + ", dtypes), bytes);
    }
}
