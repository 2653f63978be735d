using System.Globalization;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>
/// Before anything is timed, the implementations being compared must compute the same model: a
/// benchmark of a cell with the wrong weights or gate order would measure nothing useful.
/// </summary>
public static class StepperAgreement
{
    /// <summary>Steps both from the zero state; the runtime may use fast activations, hence not 1e-6.</summary>
    public const float Tolerance = 1e-4f;

    public const int Steps = 8;

    /// <summary>
    /// Runs <see cref="Steps"/> steps of both and throws <see cref="InvalidOperationException"/> when
    /// their hidden states differ by more than <see cref="Tolerance"/>.
    /// </summary>
    public static void Require(IStepper reference, IStepper candidate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        for (int step = 0; step < Steps; step++)
        {
            reference.RunStep();
            candidate.RunStep();
        }

        ReadOnlySpan<float> expected = reference.Hidden;
        ReadOnlySpan<float> actual = candidate.Hidden;
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException(
                $"{candidate.Implementation} {candidate.Shape}: hidden state has {actual.Length} floats, expected {expected.Length}.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            float difference = MathF.Abs(expected[i] - actual[i]);
            if (!(difference <= Tolerance))
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{candidate.Implementation} {candidate.Shape} disagrees with {reference.Implementation} after {Steps} steps: h[{i}] = {actual[i]}, expected {expected[i]} (tolerance {Tolerance})."));
            }
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when two outputs of the same model differ in length or
    /// by more than <paramref name="tolerance"/> anywhere (NaN counts as a difference).
    /// </summary>
    public static void RequireClose(string name, ReadOnlySpan<float> actual, string referenceName, ReadOnlySpan<float> expected, float tolerance)
    {
        if (actual.Length != expected.Length)
        {
            throw new InvalidOperationException($"{name}: {actual.Length} floats, expected {expected.Length} as {referenceName} gives.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (!(MathF.Abs(expected[i] - actual[i]) <= tolerance))
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name} disagrees with {referenceName} at [{i}]: {actual[i]}, expected {expected[i]} (tolerance {tolerance})."));
            }
        }
    }
}
