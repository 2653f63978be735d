using System.Runtime.CompilerServices;

namespace Recurrent.Aot.Kernels.Simd;

/// <summary>
/// The scalar path (one lane) when no vector hardware is accelerated. Multiply-adds are fused
/// (MathF.FusedMultiplyAdd) like the vector paths; activations use MathF.
/// </summary>
internal readonly struct ScalarOps : ISimdOps<float>
{
    public static int Lanes => 1;

    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref readonly float source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadBFloat16(ref readonly ushort source) => BitConverter.Int32BitsToSingle(source << 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBFloat16Pair(ref readonly ushort source, out float even, out float odd)
    {
        uint word = Unsafe.ReadUnaligned<uint>(in Unsafe.As<ushort, byte>(ref Unsafe.AsRef(in source)));
        even = BitConverter.UInt32BitsToSingle(word << 16);
        odd = BitConverter.UInt32BitsToSingle(word & 0xFFFF0000u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadInt8(ref readonly sbyte source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float addend) => MathF.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float a, float b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Clip(float x, float limit) => MathF.Min(MathF.Max(x, -limit), limit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => ScalarActivations.Sigmoid(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HardSigmoid(float x, float alpha, float beta) => ScalarActivations.HardSigmoid(x, alpha, beta);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float PerLane(float x, Activation activation, ActivationParameters parameters) => ScalarActivations.Apply(activation, parameters, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => MathF.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float x) => ScalarActivations.Relu(x);
}
