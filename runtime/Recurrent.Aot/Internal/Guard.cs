namespace Recurrent.Aot.Internal;

/// <summary>Argument checks whose messages say what was expected and what came.</summary>
internal static class Guard
{
    public static void Length(int actual, int expected, string parameter, string what = "floats")
    {
        if (actual != expected)
            throw new ArgumentException($"Expected {expected} {what} but got {actual}.", parameter);
    }

    public static void NoOverlap(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string outputParameter, string inputParameter)
    {
        if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output))
            throw new ArgumentException($"{outputParameter} must not overlap {inputParameter}: {inputParameter} is still read while {outputParameter} is written (use separate buffers).", outputParameter);
    }
}
