using System.Runtime.Intrinsics;

namespace Recurrent.Aot;

/// <summary>The vector width the runtime's kernels run with in this process.</summary>
public enum SimdPath
{
    /// <summary>No accelerated vectors: one float at a time.</summary>
    Scalar,
    /// <summary>128-bit vectors (4 floats).</summary>
    Vector128,
    /// <summary>256-bit vectors (8 floats).</summary>
    Vector256,
    /// <summary>512-bit vectors (16 floats).</summary>
    Vector512,
}

/// <summary>Which kernels run here: the widest accelerated vector width (a JIT-time constant).</summary>
public static class SimdInfo
{
    /// <summary>The path every cell in this process dispatches to.</summary>
    public static SimdPath ActivePath =>
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : Vector128.IsHardwareAccelerated ? SimdPath.Vector128
        : SimdPath.Scalar;

    /// <summary>Floats per vector on the active path: the hidden-unit block size of the packed weights.</summary>
    public static int Lanes => ActivePath switch
    {
        SimdPath.Vector512 => 16,
        SimdPath.Vector256 => 8,
        SimdPath.Vector128 => 4,
        _ => 1,
    };
}
