namespace Recurrent.Aot.IO;

/// <summary>The element types the runtime reads; every other safetensors dtype is refused at parse time.</summary>
public enum TensorDType
{
    F32,
    F16,
    BF16,
}

internal static class TensorDTypes
{
    public static int SizeInBytes(this TensorDType dtype) => dtype == TensorDType.F32 ? 4 : 2;

    public static string Name(this TensorDType dtype) => dtype switch
    {
        TensorDType.F32 => "F32",
        TensorDType.F16 => "F16",
        _ => "BF16",
    };

    public static bool TryParse(string name, out TensorDType dtype)
    {
        switch (name)
        {
            case "F32": dtype = TensorDType.F32; return true;
            case "F16": dtype = TensorDType.F16; return true;
            case "BF16": dtype = TensorDType.BF16; return true;
            default: dtype = default; return false;
        }
    }
}
