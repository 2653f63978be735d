namespace Recurrent.Aot.IO;

/// <summary>
/// The safetensors element types. A file may hold any of them (a PyTorch <c>state_dict</c> can carry an
/// integer step counter next to the weights); only the floating-point ones can be read as weights.
/// </summary>
public enum TensorDType
{
    /// <summary>32-bit float.</summary>
    F32,
    /// <summary>16-bit IEEE half float (widened when read).</summary>
    F16,
    /// <summary>bfloat16: the upper half of a float32 (widened when read).</summary>
    BF16,
    /// <summary>64-bit float (narrowed when read).</summary>
    F64,
    /// <summary>8-bit float, 4 exponent bits (header name <c>F8_E4M3</c>); not readable as weights.</summary>
    F8E4M3,
    /// <summary>8-bit float, 5 exponent bits (header name <c>F8_E5M2</c>); not readable as weights.</summary>
    F8E5M2,
    /// <summary>64-bit signed integer.</summary>
    I64,
    /// <summary>32-bit signed integer.</summary>
    I32,
    /// <summary>16-bit signed integer.</summary>
    I16,
    /// <summary>8-bit signed integer (int8-stored weight matrices).</summary>
    I8,
    /// <summary>64-bit unsigned integer.</summary>
    U64,
    /// <summary>32-bit unsigned integer.</summary>
    U32,
    /// <summary>16-bit unsigned integer.</summary>
    U16,
    /// <summary>8-bit unsigned integer.</summary>
    U8,
    /// <summary>Boolean, one byte each.</summary>
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
