using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recurrent.Aot.Training.Numerics;

/// <summary>
/// The one matrix kernel the trainer needs: C += A·B with row-major B and C and an A read through
/// two strides, so the same kernel does A·B (rowStride = lda, colStride = 1) and Aᵀ·B
/// (rowStride = 1, colStride = lda). Forward products against Wᵀ use a pre-transposed copy of W.
/// </summary>
/// <remarks>
/// Broadcast-FMA form: one scalar of A times a vector of B's row. Two rows of C and four vectors of
/// columns are accumulated in registers across the whole k loop (8 independent accumulators), so B is
/// read once per two rows and C once per block.
/// </remarks>
internal static class Gemm
{
    public static void MultiplyAdd<T>(
        int m, int n, int k,
        ReadOnlySpan<T> a, int aRowStride, int aColStride,
        ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc)
        where T : unmanaged, INumber<T>
    {
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        // Bounds are checked once here so the loops below can read without per-element checks.
        long lastA = ((long)(m - 1) * aRowStride) + ((long)(k - 1) * aColStride);
        if (lastA >= a.Length || ((long)(k - 1) * ldb) + n > b.Length || ((long)(m - 1) * ldc) + n > c.Length)
        {
            throw new ArgumentException($"Matrix buffers too small for a {m}x{k} by {k}x{n} product.");
        }

        // A read column-wise (Aᵀ·B over many rows, the weight gradients) would touch a new cache line per
        // element; a contiguous transposed copy makes every later read sequential.
        if (aColStride != 1 && k >= 16)
        {
            T[] packed = Scratch<T>.Get(m * k);
            for (int p = 0; p < k; p++)
            {
                ReadOnlySpan<T> row = a.Slice(p * aColStride, ((m - 1) * aRowStride) + 1);
                for (int r = 0; r < m; r++)
                {
                    packed[(r * k) + p] = row[r * aRowStride];
                }
            }

            MultiplyAdd<T>(m, n, k, packed.AsSpan(0, m * k), k, 1, b, ldb, c, ldc);
            return;
        }

        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        int w = Vector.IsHardwareAccelerated ? Vector<T>.Count : 0;

        int i = 0;
        for (; i + 2 <= m; i += 2)
        {
            ref T a0 = ref Unsafe.Add(ref ra, (nint)i * aRowStride);
            ref T a1 = ref Unsafe.Add(ref ra, (nint)(i + 1) * aRowStride);
            ref T c0 = ref Unsafe.Add(ref rc, (nint)i * ldc);
            ref T c1 = ref Unsafe.Add(ref rc, (nint)(i + 1) * ldc);
            int j = 0;
            if (w > 0)
            {
                for (; j + (4 * w) <= n; j += 4 * w)
                {
                    TwoRowsFourVectors(k, ref a0, ref a1, aColStride, ref Unsafe.Add(ref rb, j), ldb, ref Unsafe.Add(ref c0, j), ref Unsafe.Add(ref c1, j), w);
                }

                for (; j + w <= n; j += w)
                {
                    TwoRowsOneVector(k, ref a0, ref a1, aColStride, ref Unsafe.Add(ref rb, j), ldb, ref Unsafe.Add(ref c0, j), ref Unsafe.Add(ref c1, j));
                }
            }

            for (; j < n; j++)
            {
                T s0 = T.Zero, s1 = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T bv = Unsafe.Add(ref rb, ((nint)p * ldb) + j);
                    s0 += Unsafe.Add(ref a0, (nint)p * aColStride) * bv;
                    s1 += Unsafe.Add(ref a1, (nint)p * aColStride) * bv;
                }

                Unsafe.Add(ref c0, j) += s0;
                Unsafe.Add(ref c1, j) += s1;
            }
        }

        for (; i < m; i++)
        {
            ref T a0 = ref Unsafe.Add(ref ra, (nint)i * aRowStride);
            ref T c0 = ref Unsafe.Add(ref rc, (nint)i * ldc);
            int j = 0;
            if (w > 0)
            {
                for (; j + w <= n; j += w)
                {
                    Vector<T> acc = Vector<T>.Zero;
                    for (int p = 0; p < k; p++)
                    {
                        acc = Fma(new Vector<T>(Unsafe.Add(ref a0, (nint)p * aColStride)), Vector.LoadUnsafe(ref rb, (nuint)(((nint)p * ldb) + j)), acc);
                    }

                    (Vector.LoadUnsafe(ref c0, (nuint)j) + acc).StoreUnsafe(ref c0, (nuint)j);
                }
            }

            for (; j < n; j++)
            {
                T s0 = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    s0 += Unsafe.Add(ref a0, (nint)p * aColStride) * Unsafe.Add(ref rb, ((nint)p * ldb) + j);
                }

                Unsafe.Add(ref c0, j) += s0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoRowsFourVectors<T>(int k, ref T a0, ref T a1, int aColStride, ref T b, int ldb, ref T c0, ref T c1, int w)
        where T : unmanaged, INumber<T>
    {
        Vector<T> x0 = Vector<T>.Zero, x1 = Vector<T>.Zero, x2 = Vector<T>.Zero, x3 = Vector<T>.Zero;
        Vector<T> y0 = Vector<T>.Zero, y1 = Vector<T>.Zero, y2 = Vector<T>.Zero, y3 = Vector<T>.Zero;
        nuint w1 = (nuint)w, w2 = (nuint)(2 * w), w3 = (nuint)(3 * w);
        for (int p = 0; p < k; p++)
        {
            ref T row = ref Unsafe.Add(ref b, (nint)p * ldb);
            var s0 = new Vector<T>(Unsafe.Add(ref a0, (nint)p * aColStride));
            var s1 = new Vector<T>(Unsafe.Add(ref a1, (nint)p * aColStride));
            Vector<T> b0 = Vector.LoadUnsafe(ref row);
            Vector<T> b1 = Vector.LoadUnsafe(ref row, w1);
            Vector<T> b2 = Vector.LoadUnsafe(ref row, w2);
            Vector<T> b3 = Vector.LoadUnsafe(ref row, w3);
            x0 = Fma(s0, b0, x0); x1 = Fma(s0, b1, x1); x2 = Fma(s0, b2, x2); x3 = Fma(s0, b3, x3);
            y0 = Fma(s1, b0, y0); y1 = Fma(s1, b1, y1); y2 = Fma(s1, b2, y2); y3 = Fma(s1, b3, y3);
        }

        (Vector.LoadUnsafe(ref c0) + x0).StoreUnsafe(ref c0);
        (Vector.LoadUnsafe(ref c0, w1) + x1).StoreUnsafe(ref c0, w1);
        (Vector.LoadUnsafe(ref c0, w2) + x2).StoreUnsafe(ref c0, w2);
        (Vector.LoadUnsafe(ref c0, w3) + x3).StoreUnsafe(ref c0, w3);
        (Vector.LoadUnsafe(ref c1) + y0).StoreUnsafe(ref c1);
        (Vector.LoadUnsafe(ref c1, w1) + y1).StoreUnsafe(ref c1, w1);
        (Vector.LoadUnsafe(ref c1, w2) + y2).StoreUnsafe(ref c1, w2);
        (Vector.LoadUnsafe(ref c1, w3) + y3).StoreUnsafe(ref c1, w3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TwoRowsOneVector<T>(int k, ref T a0, ref T a1, int aColStride, ref T b, int ldb, ref T c0, ref T c1)
        where T : unmanaged, INumber<T>
    {
        Vector<T> x0 = Vector<T>.Zero, y0 = Vector<T>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector<T> b0 = Vector.LoadUnsafe(ref Unsafe.Add(ref b, (nint)p * ldb));
            x0 = Fma(new Vector<T>(Unsafe.Add(ref a0, (nint)p * aColStride)), b0, x0);
            y0 = Fma(new Vector<T>(Unsafe.Add(ref a1, (nint)p * aColStride)), b0, y0);
        }

        (Vector.LoadUnsafe(ref c0) + x0).StoreUnsafe(ref c0);
        (Vector.LoadUnsafe(ref c1) + y0).StoreUnsafe(ref c1);
    }

    /// <summary>a·b + c, fused for float and double (one rounding, one instruction where the hardware has FMA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        }

        return (a * b) + c;
    }

    /// <summary>Per-thread packing buffer: shards on different threads never share it, and it is reused across calls.</summary>
    private static class Scratch<T>
    {
        [ThreadStatic]
        private static T[]? _buffer;

        public static T[] Get(int size)
        {
            if (_buffer is null || _buffer.Length < size)
            {
                _buffer = new T[size];
            }

            return _buffer;
        }
    }

    /// <summary>Writes the transpose of a rows×cols row-major matrix into destination (cols×rows).</summary>
    public static void Transpose<T>(ReadOnlySpan<T> source, int rows, int cols, Span<T> destination)
    {
        if (source.Length < rows * cols || destination.Length < rows * cols)
        {
            throw new ArgumentException($"Transpose needs {rows * cols} elements in both buffers.");
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                destination[(c * rows) + r] = source[(r * cols) + c];
            }
        }
    }

    /// <summary>Adds every row of a rows×cols matrix (leading dimension ld, starting at column offset) into sums.</summary>
    public static void AddColumnSums<T>(ReadOnlySpan<T> matrix, int rows, int cols, int ld, Span<T> sums)
        where T : unmanaged, INumber<T>
    {
        for (int r = 0; r < rows; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(sums[..cols], matrix.Slice(r * ld, cols), sums[..cols]);
        }
    }
}
