using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Aot.Kernels.Simd;

/// <summary>The 128-bit path (4 lanes): SSE4 or NEON class hardware.</summary>
internal readonly struct Vector128Ops : ISimdOps<Vector128<float>>
{
    public static int Lanes => Vector128<float>.Count;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref readonly float source) => Vector128.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadBFloat16(ref readonly ushort source)
    {
        // Exactly the 8 bytes of this block (a 16-byte load could read past the panel's end).
        long raw = Unsafe.ReadUnaligned<long>(in Unsafe.As<ushort, byte>(ref Unsafe.AsRef(in source)));
        Vector128<uint> widened = Vector128.WidenLower(Vector128.CreateScalarUnsafe(raw).AsUInt16());
        return Vector128.ShiftLeft(widened, 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBFloat16Pair(ref readonly ushort source, out Vector128<float> even, out Vector128<float> odd)
    {
        Vector128<uint> words = Vector128.LoadUnsafe(in Unsafe.As<ushort, uint>(ref Unsafe.AsRef(in source)));
        even = Vector128.ShiftLeft(words, 16).AsSingle();
        odd = (words & Vector128.Create(0xFFFF0000u)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadInt8(ref readonly sbyte source)
    {
        // Exactly the 4 bytes of this block.
        Vector128<sbyte> bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<int>(in Unsafe.As<sbyte, byte>(ref Unsafe.AsRef(in source)))).AsSByte();
        return Sse41.IsSupported
            ? Vector128.ConvertToSingle(Sse41.ConvertToVector128Int32(bytes))
            : WidenInt8(bytes);
    }

    /// <summary>The portable widening (sign-extend twice, convert) that NEON runs; tested on x64 too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> WidenInt8(Vector128<sbyte> bytes)
        => Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(bytes)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend)
        => Vector128.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Clip(Vector128<float> x, float limit)
        => Vector128Math.KeepNaN(x, Vector128.MinNative(Vector128.MaxNative(x, Vector128.Create(-limit)), Vector128.Create(limit)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128Math.Sigmoid(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HardSigmoid(Vector128<float> x, float alpha, float beta) => Vector128Math.HardSigmoid(x, alpha, beta);

    public static Vector128<float> PerLane(Vector128<float> x, Activation activation, ActivationParameters parameters)
    {
        Vector128<float> result = x;
        for (int lane = 0; lane < Vector128<float>.Count; lane++)
            result = result.WithElement(lane, ScalarActivations.Apply(activation, parameters, x.GetElement(lane)));
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x) => Vector128Math.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Relu(Vector128<float> x) => Vector128Math.KeepNaN(x, Vector128.MaxNative(x, Vector128<float>.Zero));
}
