using Recurrent.Aot.IO;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Loading;

namespace Recurrent.Aot.Tests.Precision;

/// <summary>
/// The float32 model a reduced-precision model must equal: the file's weights rounded to bfloat16 or quantized to
/// int8 and back (by the one definition, WeightQuantization), then run by the float32 kernels. Built independently of
/// the reduced kernels and of the reduced packing, so a match shows the reduced kernels compute the same sums.
/// </summary>
internal static class ReducedModels
{
    public static readonly WeightPrecision[] Reduced = [WeightPrecision.BFloat16, WeightPrecision.Int8];

    public static RecurrentModel Load(string path, WeightPrecision precision)
        => RecurrentModel.Load(path, new ModelLoadOptions { WeightPrecision = precision });

    /// <summary>A float32 model holding the values <paramref name="precision"/> stores for the file's weights.</summary>
    public static RecurrentModel Float32Equivalent(SafeTensorsFile file, WeightPrecision precision)
    {
        (ModelSpec spec, CellWeights[] weights, HeadWeights? head) = new ModelReader(file, null).Read();
        var rounded = new CellWeights[weights.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            CellSpec cell = spec.LayerCell(i / spec.Directions);
            int rows = cell.GateCount * cell.HiddenSize;
            CellWeights w = weights[i];
            rounded[i] = new CellWeights
            {
                WeightIh = Round(w.WeightIh, rows, precision),
                WeightHh = Round(w.WeightHh, rows, precision),
                WeightHr = w.WeightHr is null ? null : Round(w.WeightHr, cell.ProjSize, precision),
                BiasIh = w.BiasIh,
                BiasHh = w.BiasHh,
                Peepholes = w.Peepholes,
                InitialHidden = w.InitialHidden,
                InitialCell = w.InitialCell,
            };
        }

        HeadWeights? roundedHead = head is null ? null : new HeadWeights { Weight = Round(head.Weight, spec.Head!.OutputSize, precision), Bias = head.Bias };
        return RecurrentModel.Create(spec, rounded, roundedHead, WeightPrecision.Float32);
    }

    /// <summary>A (rows, columns) matrix as <paramref name="precision"/> stores it, widened back to float32.</summary>
    public static float[] Round(float[] matrix, int rows, WeightPrecision precision)
    {
        if (precision == WeightPrecision.BFloat16)
            return [.. matrix.Select(WeightQuantization.RoundToBFloat16)];
        if (precision == WeightPrecision.Int8)
            return Int8Matrix.Quantize(matrix, rows, matrix.Length / rows, "test").Dequantize();
        return matrix;
    }

    /// <summary>The converted file's bytes, parsed back (what <c>recurrent quantize</c> writes and a user loads).</summary>
    public static SafeTensorsFile Convert(SafeTensorsFile file, WeightPrecision precision)
    {
        using var stream = new MemoryStream();
        WeightPrecisionConverter.Convert(file, precision).WriteTo(stream);
        return SafeTensorsFile.Parse(stream.ToArray());
    }
}
