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
    /// <summary>The names as the safetensors header spells them, in enum order (F8E4M3 is "F8_E4M3").</summary>
    private static readonly string[] Names =
        ["F32", "F16", "BF16", "F64", "F8_E4M3", "F8_E5M2", "I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL"];

    public static int SizeInBytes(this TensorDType dtype) => dtype switch
    {
        TensorDType.F64 or TensorDType.I64 or TensorDType.U64 => 8,
        TensorDType.F32 or TensorDType.I32 or TensorDType.U32 => 4,
        TensorDType.F16 or TensorDType.BF16 or TensorDType.I16 or TensorDType.U16 => 2,
        _ => 1,
    };

    /// <summary>Whether <see cref="SafeTensorsFile.ReadFloat32(string)"/> can read it (F32, F16, BF16, F64).</summary>
    public static bool IsReadableAsFloat32(this TensorDType dtype)
        => dtype is TensorDType.F32 or TensorDType.F16 or TensorDType.BF16 or TensorDType.F64;

    public static string Name(this TensorDType dtype) => Names[(int)dtype];

    public static bool TryParse(string name, out TensorDType dtype)
    {
        int index = Array.IndexOf(Names, name);
        dtype = (TensorDType)Math.Max(index, 0);
        return index >= 0;
    }

    public static string AllNames => string.Join(", ", Names);
}
