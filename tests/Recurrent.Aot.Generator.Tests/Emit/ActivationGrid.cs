namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>Inputs for the activation tests, built once; every length is a multiple of 16 (the widest vector).</summary>
internal static class ActivationGrid
{
    /// <summary>Where the functions have anything left to show: beyond ±20 both are within half an ulp of their limits.</summary>
    public const float Limit = 20f;

    private static readonly Lazy<float[]> UniformGrid = new(() =>
    {
        const int count = 1 << 19;
        var x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)(-Limit + (2.0 * Limit * i / (count - 1)));
        }
        return x;
    });

    private static readonly Lazy<float[]> DenseGrid = new(() =>
    {
        // Every 4096th float from the smallest denormal up to the limit, both signs: the uniform grid never
        // comes near the tiny arguments, this one spends most of its points there.
        int top = BitConverter.SingleToInt32Bits(Limit);
        const int stride = 4096;
        var stepped = new List<float>(2 * ((top / stride) + 1));
        for (int bits = 1; bits <= top; bits += stride)
        {
            float v = BitConverter.Int32BitsToSingle(bits);
            stepped.Add(v);
            stepped.Add(-v);
        }
        return Padded([.. UniformGrid.Value, .. stepped]);
    });

    /// <summary>2^19 evenly spaced points over [−20, 20] (7.6e-5 apart), in increasing order.</summary>
    public static float[] Uniform => UniformGrid.Value;

    /// <summary>The uniform grid (first, in order) plus a geometric one over all magnitudes up to 20: about a million points.</summary>
    public static float[] Dense => DenseGrid.Value;

    /// <summary><paramref name="values"/> followed by zeros up to a multiple of 16.</summary>
    public static float[] Padded(float[] values)
    {
        var padded = new float[(values.Length + 15) / 16 * 16];
        values.CopyTo(padded, 0);
        return padded;
    }
}
