using Recurrent.Aot.IO;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot.Loading;

/// <summary>
/// Reads one weight matrix (W_ih, W_hh, W_hr, a head's W) in whatever precision the file stores it
/// (docs/file-format.md): float dtypes as float32; an I8 matrix with its F32 <c>&lt;name&gt;_scale</c> tensor as
/// q · scale, keeping q and the scales so a model run at int8 uses the stored values. An I8 matrix is accepted
/// without <c>recurrent.weight_precision = int8</c> (dtype and scale say everything), but a file that declares a
/// reduced precision must store every matrix in it.
/// </summary>
internal static class WeightMatrixReader
{
    public static (float[] Values, Int8Matrix? Int8) Read(SafeTensorsFile file, string name, string declaredPrecision)
    {
        TensorInfo weight = file.GetTensor(name);
        string scaleName = WeightScales.NameOf(name);
        bool hasScale = file.TryGetTensor(scaleName, out TensorInfo? scale);
        CheckDeclared(weight, declaredPrecision);
        if (weight.DType != TensorDType.I8)
        {
            if (hasScale)
                throw new WeightsFormatException($"{scaleName} is present but {name} has dtype {weight.DType.Name()}: a scale belongs only to an I8 (int8) weight.");
            return (file.ReadFloat32(name), null);
        }

        int rows = weight.Shape.Length == 0 ? 1 : weight.Shape[0];
        if (!hasScale)
            throw new WeightsFormatException($"{name} is int8 (I8) but {scaleName} is missing: expected an F32 tensor of shape ({rows}), one scale per row.");
        if (scale!.DType != TensorDType.F32)
            throw new WeightsFormatException($"{scaleName} has dtype {scale.DType.Name()}: expected F32 of shape ({rows}), one scale per row of {name}.");
        if (scale.Shape.Length != 1 || scale.Shape[0] != rows)
            throw new WeightsFormatException($"{scaleName} has shape {Shapes.Format(scale.Shape)}: expected ({rows}), one float32 scale per row of {name}.");

        float[] scales = file.ReadFloat32(scaleName);
        WeightScales.CheckValues(scaleName, scales);
        sbyte[] values = new sbyte[weight.ElementCount];
        file.GetBytes(weight).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        var matrix = new Int8Matrix(values, scales);
        return (matrix.Dequantize(), matrix);
    }

    private static void CheckDeclared(TensorInfo weight, string declaredPrecision)
    {
        TensorDType? expected = declaredPrecision switch
        {
            "bfloat16" => TensorDType.BF16,
            "int8" => TensorDType.I8,
            _ => null,
        };
        if (expected is { } dtype && weight.DType != dtype)
            throw new WeightsFormatException($"{weight.Name} has dtype {weight.DType.Name()} but the file's {RecurrentMetadataKeys.WeightPrecision} is {declaredPrecision}: expected {dtype.Name()}.");
    }
}
