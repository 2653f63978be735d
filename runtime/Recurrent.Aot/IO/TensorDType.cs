namespace Recurrent.Aot.IO;

/// <summary>
/// The safetensors element types. A file may hold any of them (a PyTorch <c>state_dict</c> can carry an
/// integer step counter next to the weights); only the floating-point ones can be read as weights.
/// </summary>
public enum TensorDType
{
    F32,
    F16,
    BF16,
    F64,
    F8E4M3,
    F8E5M2,
    I64,
    I32,
    I16,
    I8,
    U64,
    U32,
    U16,
    U8,
    BOOL,
}

internal static class TensorDTypes
{
    public static int SizeInBytes(this TensorDType dtype) => SafeTensorsHeader.DTypeSizes[(int)dtype];

    /// <summary>Whether <see cref="SafeTensorsFile.ReadFloat32(string)"/> can read it (F32, F16, BF16, F64).</summary>
    public static bool IsReadableAsFloat32(this TensorDType dtype)
        => dtype is TensorDType.F32 or TensorDType.F16 or TensorDType.BF16 or TensorDType.F64;

    /// <summary>The name as the safetensors header spells it (F8E4M3 is "F8_E4M3").</summary>
    public static string Name(this TensorDType dtype) => SafeTensorsHeader.DTypeNames[(int)dtype];

    /// <summary>The dtype of a name <see cref="SafeTensorsHeader"/> has checked (the enum has the header's order).</summary>
    public static TensorDType FromName(string name) => (TensorDType)Array.IndexOf(SafeTensorsHeader.DTypeNames, name);
}
