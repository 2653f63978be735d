using System.Collections.Generic;
using System.Globalization;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// One instruction-set branch of the emitted kernels. The generated dispatcher tests
/// <see cref="Guard"/> in this order; the JIT (and NativeAOT) folds the checks, so the
/// unused branches disappear from the compiled code.
/// </summary>
internal sealed class VectorIsa
{
    private VectorIsa(string suffix, int width, string guard)
    {
        Suffix = suffix;
        Width = width;
        Guard = guard;
    }

    public static VectorIsa V512 { get; } = new("V512", 16, "global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated");

    public static VectorIsa V256 { get; } = new("V256", 8, "global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated");

    /// <summary>The 128-bit branch: what ARM64 (NEON) runs, and x64 without AVX2.</summary>
    public static VectorIsa V128 { get; } = new("V128", 4, "global::System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated");

    public static VectorIsa Scalar { get; } = new("Scalar", 1, "true");

    /// <summary>The branches for a panel width, widest first; 512-bit only where a panel fills it.</summary>
    public static IReadOnlyList<VectorIsa> For(int panelWidth)
        => panelWidth >= 16 ? new[] { V512, V256, V128, Scalar } : new[] { V256, V128, Scalar };

    public string Suffix { get; }

    public int Width { get; }

    public string Guard { get; }

    public bool IsScalar => Width == 1;

    /// <summary>The element or vector type (the file declares aliases F512, F256, F128).</summary>
    public string Type => IsScalar ? "float" : "F" + Bits;

    /// <summary>The static helper class alias (V512, V256, V128).</summary>
    public string Static => "V" + Bits;

    private string Bits => (Width * 32).ToString(CultureInfo.InvariantCulture);

    public string Load(string reference, string index)
        => IsScalar ? $"Unsafe.Add(ref {reference}, {index})" : $"{Static}.LoadUnsafe(ref {reference}, (nuint)({index}))";

    public string Store(string value, string reference, string index)
        => IsScalar ? $"Unsafe.Add(ref {reference}, {index}) = {value};" : $"{Static}.StoreUnsafe({value}, ref {reference}, (nuint)({index}));";

    public string Broadcast(string scalar) => IsScalar ? scalar : $"{Static}.Create({scalar})";

    /// <summary>acc + a·b; fused where the hardware has FMA (the estimate form falls back to multiply-add elsewhere).</summary>
    public string MultiplyAdd(string a, string b, string acc)
        => IsScalar ? $"{acc} + ({a} * {b})" : $"{Static}.MultiplyAddEstimate({a}, {b}, {acc})";
}
