using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Aot.Benchmarks.PanelWalk;

/// <summary>
/// The runtime's LSTM panel walk (PanelDot's four-gate sum: eight accumulator chains, two columns per iteration) on
/// 512-bit vectors, copied here once per way of storing and widening the weights so that the widenings can be timed
/// side by side in one run, including the one the runtime no longer uses (bfloat16 zero-extended per vector).
/// A panel is <c>blocks</c> blocks of <c>columns</c> columns × 4 gates × 16 lanes.
/// </summary>
public static unsafe class PanelWalkKernels
{
    public const int Lanes = 16;

    public const int Gates = 4;

    /// <summary>Elements of one column of a block (4 gates × 16 lanes).</summary>
    public const int ColumnStride = Gates * Lanes;

    public static float Float32Weights(float* panel, float* v, int columns, int blocks)
    {
        Vector512<float> total = Vector512<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            float* block = panel + ((long)b * columns * ColumnStride);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            for (int k = 0; k + 1 < columns; k += 2)
            {
                float* p = block + (k * ColumnStride);
                Vector512<float> v0 = Vector512.Create(v[k]), v1 = Vector512.Create(v[k + 1]);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(p), v0, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(p + Lanes), v0, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(p + (2 * Lanes)), v0, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(p + (3 * Lanes)), v0, a3);
                b0 = Vector512.FusedMultiplyAdd(Vector512.Load(p + ColumnStride), v1, b0);
                b1 = Vector512.FusedMultiplyAdd(Vector512.Load(p + ColumnStride + Lanes), v1, b1);
                b2 = Vector512.FusedMultiplyAdd(Vector512.Load(p + ColumnStride + (2 * Lanes)), v1, b2);
                b3 = Vector512.FusedMultiplyAdd(Vector512.Load(p + ColumnStride + (3 * Lanes)), v1, b3);
            }

            total += a0 + a1 + a2 + a3 + b0 + b1 + b2 + b3;
        }

        return Vector512.Sum(total);
    }

    /// <summary>bfloat16 in the plain layout, each vector zero-extended (a shuffle) and shifted: the walk before pairing.</summary>
    public static float BFloat16Widened(ushort* panel, float* v, int columns, int blocks)
    {
        Vector512<float> total = Vector512<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            ushort* block = panel + ((long)b * columns * ColumnStride);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            for (int k = 0; k + 1 < columns; k += 2)
            {
                ushort* p = block + (k * ColumnStride);
                Vector512<float> v0 = Vector512.Create(v[k]), v1 = Vector512.Create(v[k + 1]);
                a0 = Vector512.FusedMultiplyAdd(Widen(p), v0, a0);
                a1 = Vector512.FusedMultiplyAdd(Widen(p + Lanes), v0, a1);
                a2 = Vector512.FusedMultiplyAdd(Widen(p + (2 * Lanes)), v0, a2);
                a3 = Vector512.FusedMultiplyAdd(Widen(p + (3 * Lanes)), v0, a3);
                b0 = Vector512.FusedMultiplyAdd(Widen(p + ColumnStride), v1, b0);
                b1 = Vector512.FusedMultiplyAdd(Widen(p + ColumnStride + Lanes), v1, b1);
                b2 = Vector512.FusedMultiplyAdd(Widen(p + ColumnStride + (2 * Lanes)), v1, b2);
                b3 = Vector512.FusedMultiplyAdd(Widen(p + ColumnStride + (3 * Lanes)), v1, b3);
            }

            total += a0 + a1 + a2 + a3 + b0 + b1 + b2 + b3;
        }

        return Vector512.Sum(total);
    }

    /// <summary>bfloat16 with column pairs in one word per lane: one load, then a shift and a mask (the runtime's walk).</summary>
    public static float BFloat16Paired(ushort* panel, float* v, int columns, int blocks)
    {
        Vector512<float> total = Vector512<float>.Zero;
        Vector512<uint> high = Vector512.Create(0xFFFF0000u);
        for (int b = 0; b < blocks; b++)
        {
            uint* block = (uint*)(panel + ((long)b * columns * ColumnStride));
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            for (int k = 0; k + 1 < columns; k += 2)
            {
                uint* p = block + (k / 2 * ColumnStride);
                Vector512<float> v0 = Vector512.Create(v[k]), v1 = Vector512.Create(v[k + 1]);
                Vector512<uint> w0 = Vector512.Load(p), w1 = Vector512.Load(p + Lanes), w2 = Vector512.Load(p + (2 * Lanes)), w3 = Vector512.Load(p + (3 * Lanes));
                a0 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(w0, 16).AsSingle(), v0, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(w1, 16).AsSingle(), v0, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(w2, 16).AsSingle(), v0, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.ShiftLeft(w3, 16).AsSingle(), v0, a3);
                b0 = Vector512.FusedMultiplyAdd((w0 & high).AsSingle(), v1, b0);
                b1 = Vector512.FusedMultiplyAdd((w1 & high).AsSingle(), v1, b1);
                b2 = Vector512.FusedMultiplyAdd((w2 & high).AsSingle(), v1, b2);
                b3 = Vector512.FusedMultiplyAdd((w3 & high).AsSingle(), v1, b3);
            }

            total += a0 + a1 + a2 + a3 + b0 + b1 + b2 + b3;
        }

        return Vector512.Sum(total);
    }

    /// <summary>int8 in the plain layout, each vector sign-extended (a shuffle) and converted (the runtime's walk).</summary>
    public static float Int8Widened(sbyte* panel, float* v, int columns, int blocks)
    {
        Vector512<float> total = Vector512<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            sbyte* block = panel + ((long)b * columns * ColumnStride);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            for (int k = 0; k + 1 < columns; k += 2)
            {
                sbyte* p = block + (k * ColumnStride);
                Vector512<float> v0 = Vector512.Create(v[k]), v1 = Vector512.Create(v[k + 1]);
                a0 = Vector512.FusedMultiplyAdd(Widen(p), v0, a0);
                a1 = Vector512.FusedMultiplyAdd(Widen(p + Lanes), v0, a1);
                a2 = Vector512.FusedMultiplyAdd(Widen(p + (2 * Lanes)), v0, a2);
                a3 = Vector512.FusedMultiplyAdd(Widen(p + (3 * Lanes)), v0, a3);
                b0 = Vector512.FusedMultiplyAdd(Widen(p + ColumnStride), v1, b0);
                b1 = Vector512.FusedMultiplyAdd(Widen(p + ColumnStride + Lanes), v1, b1);
                b2 = Vector512.FusedMultiplyAdd(Widen(p + ColumnStride + (2 * Lanes)), v1, b2);
                b3 = Vector512.FusedMultiplyAdd(Widen(p + ColumnStride + (3 * Lanes)), v1, b3);
            }

            total += a0 + a1 + a2 + a3 + b0 + b1 + b2 + b3;
        }

        return Vector512.Sum(total);
    }

    // The runtime's Vector512Ops widenings: one vpmovzxwd / vpmovsxbd from memory where AVX-512 is there.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen(ushort* p)
    {
        Vector256<ushort> bits = Vector256.Load(p);
        Vector512<uint> widened = Avx512F.IsSupported ? Avx512F.ConvertToVector512UInt32(bits) : Vector512.WidenLower(bits.ToVector512Unsafe());
        return Vector512.ShiftLeft(widened, 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen(sbyte* p)
    {
        Vector128<sbyte> bytes = Vector128.Load(p);
        Vector512<int> widened = Avx512F.IsSupported
            ? Avx512F.ConvertToVector512Int32(bytes)
            : Vector512.WidenLower(Vector512.WidenLower(bytes.ToVector256Unsafe().ToVector512Unsafe()));
        return Vector512.ConvertToSingle(widened);
    }
}
