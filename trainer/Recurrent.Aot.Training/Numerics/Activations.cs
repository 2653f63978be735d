using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Aot.Training.Numerics;

/// <summary>
/// Sigmoid and tanh over spans, in place or out of place. float uses a 256-bit vector path (Cephes-style
/// exp and tanh polynomials, within a few float ulps of MathF: absolute error below 3e-7); double (the
/// gradient-check path) and the tails use the exact scalar functions.
/// </summary>
internal static class Activations
{
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(x.Length, y.Length);
        int i = 0;
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
        {
            ref float rx = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x));
            ref float ry = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(y));
            for (; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref rx, (nuint)i);
                (Vector256<float>.One / (Vector256<float>.One + Exp(-v))).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = T.One / (T.One + T.Exp(-x[i]));
        }
    }

    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLengths(x.Length, y.Length);
        int i = 0;
        if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated)
        {
            ref float rx = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x));
            ref float ry = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(y));
            for (; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
            {
                Tanh(Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = T.Tanh(x[i]);
        }
    }

    /// <summary>e^x: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-7 polynomial (Cephes expf), 2^n by exponent bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87.3f)), Vector256.Create(88.3f));
        Vector256<float> n = Vector256.Floor((x * Vector256.Create(1.44269504088896341f)) + Vector256.Create(0.5f));
        Vector256<float> r = x - (n * Vector256.Create(0.693359375f)) - (n * Vector256.Create(-2.12194440e-4f));
        Vector256<float> p = Vector256.Create(1.9875691500e-4f);
        p = (p * r) + Vector256.Create(1.3981999507e-3f);
        p = (p * r) + Vector256.Create(8.3334519073e-3f);
        p = (p * r) + Vector256.Create(4.1665795894e-2f);
        p = (p * r) + Vector256.Create(1.6666665459e-1f);
        p = (p * r) + Vector256.Create(5.0000001201e-1f);
        p = (p * r * r) + r + Vector256<float>.One;
        Vector256<int> bits = (Vector256.ConvertToInt32(n) + Vector256.Create(127)) << 23;
        return p * bits.AsSingle();
    }

    /// <summary>tanh: an odd polynomial for |x| &lt; 0.625 (Cephes tanhf), else 1 − 2/(e^(2|x|) + 1) with the sign restored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> ax = Vector256.Abs(x);
        Vector256<float> z = x * x;
        Vector256<float> p = Vector256.Create(-5.70498872745e-3f);
        p = (p * z) + Vector256.Create(2.06390887954e-2f);
        p = (p * z) - Vector256.Create(5.37397155531e-2f);
        p = (p * z) + Vector256.Create(1.33314422036e-1f);
        p = (p * z) - Vector256.Create(3.33332819422e-1f);
        Vector256<float> small = (p * z * x) + x;
        Vector256<float> large = Vector256<float>.One - (Vector256.Create(2f) / (Exp(ax + ax) + Vector256<float>.One));
        large = Vector256.ConditionalSelect(Vector256.Create(-0f), x, large);   // copy the sign of x
        return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.625f)), small, large);
    }

    private static void CheckLengths(int x, int y)
    {
        if (x != y)
        {
            throw new ArgumentException($"Activation input and output lengths differ: {x} and {y}.");
        }
    }
}
