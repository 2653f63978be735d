namespace Recurrent.Aot.TestSupport;

/// <summary>
/// The SIMD path a run is meant to take. .ci/run sets RECURRENT_EXPECT_SIMD_PATH for every run of its matrix
/// (the best path of the CPU for the default run, then the path each DOTNET_Enable* switch leaves), so a run
/// that silently took another path (a stray variable, a runtime that ignores a switch) fails instead of passing
/// on the wrong code. Names are <c>Recurrent.Aot.SimdPath</c>'s.
/// </summary>
internal static class SimdExpectation
{
    public const string Variable = "RECURRENT_EXPECT_SIMD_PATH";

    /// <summary>Every path, narrowest first.</summary>
    public static readonly string[] Paths = ["Scalar", "Vector128", "Vector256", "Vector512"];

    /// <summary>The expected path, or null when the variable is not set (outside CI).</summary>
    /// <exception cref="InvalidOperationException">The variable is set to something that names no path.</exception>
    public static string? Expected
    {
        get
        {
            string? value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            value = value.Trim();
            return Array.IndexOf(Paths, value) >= 0
                ? value
                : throw new InvalidOperationException($"{Variable}={value} names no SIMD path; expected one of {string.Join(", ", Paths)}.");
        }
    }

    /// <summary>What a test prints when there is no expectation to check.</summary>
    public static string NotSetMessage(string actual)
        => $"{Variable} is not set, so nothing was checked against an expectation (the active path is {actual}); .ci/run sets it for every SIMD-matrix run.";

    /// <summary>The narrower of two paths.</summary>
    public static string Narrower(string a, string b) => Array.IndexOf(Paths, a) <= Array.IndexOf(Paths, b) ? a : b;
}
