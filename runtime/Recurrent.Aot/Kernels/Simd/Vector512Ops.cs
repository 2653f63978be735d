using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Aot.Kernels.Simd;

/// <summary>The 512-bit path (16 lanes): AVX-512 hardware.</summary>
internal readonly struct Vector512Ops : ISimdOps<Vector512<float>>
{
    public static int Lanes => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref readonly float source) => Vector512.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadBFloat16(ref readonly ushort source)
    {
        Vector256<ushort> bits = Vector256.LoadUnsafe(in source);
        Vector512<uint> widened = Avx512F.IsSupported
            ? Avx512F.ConvertToVector512UInt32(bits)
            : Vector512.WidenLower(bits.ToVector512Unsafe());
        return Vector512.ShiftLeft(widened, 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBFloat16Pair(ref readonly ushort source, out Vector512<float> even, out Vector512<float> odd)
    {
        Vector512<uint> words = Vector512.LoadUnsafe(in Unsafe.As<ushort, uint>(ref Unsafe.AsRef(in source)));
        even = Vector512.ShiftLeft(words, 16).AsSingle();
        odd = (words & Vector512.Create(0xFFFF0000u)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadInt8(ref readonly sbyte source)
    {
        Vector128<sbyte> bytes = Vector128.LoadUnsafe(in source);
        Vector512<int> widened = Avx512F.IsSupported
            ? Avx512F.ConvertToVector512Int32(bytes)
            : Vector512.WidenLower(Vector512.WidenLower(bytes.ToVector256Unsafe().ToVector512Unsafe()));
        return Vector512.ConvertToSingle(widened);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend)
        => Vector512.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Clip(Vector512<float> x, float limit)
        => Vector512Math.KeepNaN(x, Vector512.MinNative(Vector512.MaxNative(x, Vector512.Create(-limit)), Vector512.Create(limit)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512Math.Sigmoid(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HardSigmoid(Vector512<float> x, float alpha, float beta) => Vector512Math.HardSigmoid(x, alpha, beta);

    public static Vector512<float> PerLane(Vector512<float> x, Activation activation, ActivationParameters parameters)
    {
        Vector512<float> result = x;
        for (int lane = 0; lane < Vector512<float>.Count; lane++)
            result = result.WithElement(lane, ScalarActivations.Apply(activation, parameters, x.GetElement(lane)));
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x) => Vector512Math.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Relu(Vector512<float> x) => Vector512Math.KeepNaN(x, Vector512.MaxNative(x, Vector512<float>.Zero));
}
