using System.Globalization;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// How the kernels read a column section's weights for each <see cref="WeightPrecision"/>: float32 is a plain
/// load; bfloat16 and int8 sections are read through small widening helpers the model declares once
/// (<see cref="EmitHelpers"/>), which return float32 vectors, so the FMAs and accumulators are the float32 kernels'.
/// bfloat16 sections store their columns in pairs (<see cref="Paired"/>): one full-width load gives two columns.
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

    /// <summary>
    /// True when a precision's sections store column pairs interleaved, the runtime's paired bfloat16 layout: within the
    /// pair of columns 2p and 2p + 1, element e of each column (row r, unit u: e = r·width + u) sits at 2e and 2e + 1 from
    /// the pair's start, which is where column 2p starts in float32 order; an odd last column keeps the plain layout.
    /// </summary>
    public static bool Paired(WeightPrecision precision) => precision == WeightPrecision.BFloat16;

    /// <summary>
    /// A statement reading the pair of columns at <paramref name="index"/> (in weights, from a section ref) into two
    /// float32 values or vectors: <paramref name="even"/> and <paramref name="odd"/> are out targets ("out F256 w0", "out weight").
    /// </summary>
    public static string LoadPair(VectorIsa isa, string reference, string index, string even, string odd)
        => $"WidenBFloat16Pairx{isa.Width.ToString(CultureInfo.InvariantCulture)}(ref {reference}, (nuint)({index}), {even}, {odd});";

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
            w.Line();
            w.Line("// Paired columns (the runtime's bfloat16 panel layout): each 32-bit word holds column 2p's weight in its low half and");
            w.Line("// column 2p + 1's in its high half, so one full-width load gives both columns' float32 vectors by a shift and a");
            w.Line("// mask, with no shuffle (widening 16-bit halves needs one per vector). An odd last column is stored plain.");
            PairHelper(w, "F512", "V512", "WidenBFloat16Pairx16");
            w.Line();
            PairHelper(w, "F256", "V256", "WidenBFloat16Pairx8");
            w.Line();
            PairHelper(w, "F128", "V128", "WidenBFloat16Pairx4");
            w.Line();
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            using (w.Open("private static void WidenBFloat16Pairx1(ref ushort weights, nuint index, out float even, out float odd)"))
            {
                w.Line("uint word = Unsafe.ReadUnaligned<uint>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref weights, index)));");
                w.Line("even = BitConverter.UInt32BitsToSingle(word << 16);");
                w.Line("odd = BitConverter.UInt32BitsToSingle(word & 0xFFFF0000u);");
            }
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

    private static void PairHelper(SourceWriter w, string type, string statics, string name)
    {
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {name}(ref ushort weights, nuint index, out {type} even, out {type} odd)"))
        {
            w.Line($"var words = {statics}.LoadUnsafe(ref Unsafe.As<ushort, uint>(ref Unsafe.Add(ref weights, index)));");
            w.Line($"even = {statics}.AsSingle({statics}.ShiftLeft(words, 16));");
            w.Line($"odd = {statics}.AsSingle(words & {statics}.Create(0xFFFF0000u));");
        }
    }

    private static void Helper(SourceWriter w, string type, string element, string name, string body)
    {
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        w.Line($"private static {type} {name}(ref {element} weights, nuint index) => {body};");
    }
}
