using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Aot.Kernels.Simd;

/// <summary>The 256-bit path (8 lanes): AVX2 class hardware.</summary>
internal readonly struct Vector256Ops : ISimdOps<Vector256<float>>
{
    public static int Lanes => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref readonly float source) => Vector256.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadBFloat16(ref readonly ushort source)
    {
        Vector128<ushort> bits = Vector128.LoadUnsafe(in source);
        Vector256<uint> widened = Avx2.IsSupported
            ? Avx2.ConvertToVector256Int32(bits).AsUInt32()
            : Vector256.WidenLower(bits.ToVector256Unsafe());
        return Vector256.ShiftLeft(widened, 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBFloat16Pair(ref readonly ushort source, out Vector256<float> even, out Vector256<float> odd)
    {
        Vector256<uint> words = Vector256.LoadUnsafe(in Unsafe.As<ushort, uint>(ref Unsafe.AsRef(in source)));
        even = Vector256.ShiftLeft(words, 16).AsSingle();
        odd = (words & Vector256.Create(0xFFFF0000u)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadInt8(ref readonly sbyte source)
    {
        // Exactly the 8 bytes of this block (a 16-byte load could read past the panel's end).
        Vector128<sbyte> bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(in Unsafe.As<sbyte, byte>(ref Unsafe.AsRef(in source)))).AsSByte();
        Vector256<int> widened = Avx2.IsSupported
            ? Avx2.ConvertToVector256Int32(bytes)
            : Vector256.WidenLower(Vector256.WidenLower(bytes.ToVector256Unsafe()));
        return Vector256.ConvertToSingle(widened);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend)
        => Vector256.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Clip(Vector256<float> x, float limit)
        => Vector256Math.KeepNaN(x, Vector256.MinNative(Vector256.MaxNative(x, Vector256.Create(-limit)), Vector256.Create(limit)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256Math.Sigmoid(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoid(Vector256<float> x, float alpha, float beta) => Vector256Math.HardSigmoid(x, alpha, beta);

    public static Vector256<float> PerLane(Vector256<float> x, Activation activation, ActivationParameters parameters)
    {
        Vector256<float> result = x;
        for (int lane = 0; lane < Vector256<float>.Count; lane++)
            result = result.WithElement(lane, ScalarActivations.Apply(activation, parameters, x.GetElement(lane)));
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x) => Vector256Math.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> x) => Vector256Math.KeepNaN(x, Vector256.MaxNative(x, Vector256<float>.Zero));
}
