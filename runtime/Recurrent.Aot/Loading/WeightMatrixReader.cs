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
        if (!WeightScales.CheckStorage(name, weight.DType.Name(), weight.Shape, hasScale ? scale!.DType.Name() : null, scale?.Shape, declaredPrecision))
            return (file.ReadFloat32(name), null);

        float[] scales = file.ReadFloat32(scaleName);
        WeightScales.CheckValues(scaleName, scales);
        sbyte[] values = new sbyte[weight.ElementCount];
        file.GetBytes(weight).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        var matrix = new Int8Matrix(values, scales);
        return (matrix.Dequantize(), matrix);
    }
}
