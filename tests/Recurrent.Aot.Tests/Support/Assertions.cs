namespace Recurrent.Aot.Tests.Support;

internal static class Assertions
{
    /// <summary>The tolerance every kernel is held to against the scalar reference.</summary>
    public const float Tolerance = 1e-5f;

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string context, float tolerance = Tolerance)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            bool same = (float.IsNaN(e) && float.IsNaN(a)) || e == a || MathF.Abs(e - a) <= tolerance;
            Assert.True(same, $"{context}: index {i}: expected {e}, got {a} (|diff| {MathF.Abs(e - a)} > {tolerance}).");
        }
    }
}
