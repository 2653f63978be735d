namespace Recurrent.Aot.Tests.Support;

internal static class Assertions
{
    /// <summary>The tolerance every kernel is held to against the scalar reference.</summary>
    public const float Tolerance = 1e-5f;

    /// <summary>
    /// Every value within <paramref name="tolerance"/> of the reference, absolute up to magnitude 1 and relative
    /// beyond it: unbounded activations (affine, relu, softplus gates) reach magnitudes where a fixed absolute bound
    /// falls below float32 rounding (90.76 carries steps of 7.6e-6), while bounded states are held to the absolute bound.
    /// </summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string context, float tolerance = Tolerance)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            float bound = tolerance * MathF.Max(1f, MathF.Abs(e));
            bool same = (float.IsNaN(e) && float.IsNaN(a)) || e == a || MathF.Abs(e - a) <= bound;
            Assert.True(same, $"{context}: index {i}: expected {e}, got {a} (|diff| {MathF.Abs(e - a)} > {bound}, {tolerance} scaled by max(1, |expected|)).");
        }
    }
}
