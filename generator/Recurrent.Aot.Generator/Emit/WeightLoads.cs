using System.Globalization;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// How the kernels read a column section's weights for each <see cref="WeightPrecision"/>: float32 is a plain
/// load; bfloat16 and int8 sections are read through small widening helpers the model declares once
/// (<see cref="EmitHelpers"/>), which return float32 vectors, so the FMAs and accumulators are the float32 kernels'.
/// </summary>
internal static class WeightLoads
{
    /// <summary>The C# type of one stored weight.</summary>
    public static string ElementType(WeightPrecision precision) => precision switch
    {
        WeightPrecision.BFloat16 => "ushort",
        WeightPrecision.Int8 => "sbyte",
        _ => "float",
    };

    /// <summary>
    /// A ref to a section of the panel (at <paramref name="floatOffset"/> floats from <c>pw</c>) typed as its weights,
    /// so indexes inside it count weights, not floats.
    /// </summary>
    public static string SectionRef(WeightPrecision precision, string name, string floatOffset)
        => precision == WeightPrecision.Float32
            ? $"ref float {name} = ref Unsafe.Add(ref pw, {floatOffset});"
            : $"ref {ElementType(precision)} {name} = ref Unsafe.As<float, {ElementType(precision)}>(ref Unsafe.Add(ref pw, {floatOffset}));";

    /// <summary>The float32 value (scalar) or vector of the weights at <paramref name="index"/> of a section ref.</summary>
    public static string Load(VectorIsa isa, WeightPrecision precision, string reference, string index)
        => precision == WeightPrecision.Float32
            ? isa.Load(reference, index)
            : $"{HelperName(precision, isa)}(ref {reference}, (nuint)({index}))";

    private static string HelperName(WeightPrecision precision, VectorIsa isa)
        => (precision == WeightPrecision.BFloat16 ? "WidenBFloat16" : "WidenInt8") + "x" + isa.Width.ToString(CultureInfo.InvariantCulture);

    /// <summary>Declares the widening helpers of a reduced precision (nothing for float32).</summary>
    public static void EmitHelpers(SourceWriter w, WeightPrecision precision)
    {
        if (precision == WeightPrecision.BFloat16)
        {
            w.Line("// bfloat16 -> float32: a bfloat16 is the upper half of a float32, so each weight is zero-extended to 32 bits and");
            w.Line("// shifted left by 16 (exact). The vectors are then float32 like the accumulators: only the bytes read are halved.");
            Helper(w, "F512", "ushort", "WidenBFloat16x16", "V512.AsSingle(V512.ShiftLeft(V512.WidenLower(V256.ToVector512Unsafe(V256.LoadUnsafe(ref weights, index))), 16))");
            Helper(w, "F256", "ushort", "WidenBFloat16x8", "V256.AsSingle(V256.ShiftLeft(V256.WidenLower(V128.ToVector256Unsafe(V128.LoadUnsafe(ref weights, index))), 16))");
            Helper(w, "F128", "ushort", "WidenBFloat16x4", $"V128.AsSingle(V128.ShiftLeft(V128.WidenLower(V128.AsUInt16({LoadLow("ulong", "ushort")})), 16))");
            Helper(w, "float", "ushort", "WidenBFloat16x1", "BitConverter.UInt32BitsToSingle((uint)Unsafe.Add(ref weights, index) << 16)");
            return;
        }
        if (precision != WeightPrecision.Int8)
        {
            return;
        }
        const string X86 = "global::System.Runtime.Intrinsics.X86.";
        w.Line("// int8 -> float32: each weight is sign-extended to 32 bits and converted (exact: |q| <= 127). The row's scale is");
        w.Line("// applied to the accumulator, not to each weight (see the kernels). x64 converts 8 bits to 32 in one instruction");
        w.Line("// (vpmovsxbd); elsewhere (ARM64 NEON) the widening goes 8 -> 16 -> 32 bits.");
        string low8 = $"V128.AsSByte({LoadLow("ulong", "sbyte")})";
        string low4 = $"V128.AsSByte({LoadLow("uint", "sbyte")})";
        Helper(w, "F512", "sbyte", "WidenInt8x16", $"{X86}Avx512F.IsSupported ? {X86}Avx512F.ConvertToVector512Single({X86}Avx512F.ConvertToVector512Int32(V128.LoadUnsafe(ref weights, index))) : V512.ConvertToSingle(V512.WidenLower(V512.WidenLower(V256.ToVector512Unsafe(V128.ToVector256Unsafe(V128.LoadUnsafe(ref weights, index))))))");
        Helper(w, "F256", "sbyte", "WidenInt8x8", $"{X86}Avx2.IsSupported ? {X86}Avx.ConvertToVector256Single({X86}Avx2.ConvertToVector256Int32({low8})) : V256.ConvertToSingle(V256.WidenLower(V256.WidenLower(V128.ToVector256Unsafe({low8}))))");
        Helper(w, "F128", "sbyte", "WidenInt8x4", $"{X86}Sse41.IsSupported ? {X86}Sse2.ConvertToVector128Single({X86}Sse41.ConvertToVector128Int32({low4})) : V128.ConvertToSingle(V128.WidenLower(V128.WidenLower({low4})))");
        Helper(w, "float", "sbyte", "WidenInt8x1", "Unsafe.Add(ref weights, index)");
    }

    /// <summary>A 128-bit vector whose low 4 or 8 bytes are the weights at index (the rest is zero).</summary>
    private static string LoadLow(string chunk, string element)
        => $"V128.CreateScalarUnsafe(Unsafe.ReadUnaligned<{chunk}>(ref Unsafe.As<{element}, byte>(ref Unsafe.Add(ref weights, index))))";

    private static void Helper(SourceWriter w, string type, string element, string name, string body)
    {
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        w.Line($"private static {type} {name}(ref {element} weights, nuint index) => {body};");
    }
}
