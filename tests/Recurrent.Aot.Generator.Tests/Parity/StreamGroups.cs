using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Parity;

/// <summary>
/// StepBatch of 1 to 17 streams against the same streams stepped one at a time with Step, through a driver's
/// <c>StepStreams</c> (DriverSource): every group size (8, 4, 2) and the lone stream after them, streams in
/// different phases, each from its own initial state.
/// </summary>
internal static class StreamGroups
{
    public const int MaxStreams = 17;

    public const int Steps = 5;

    /// <summary>
    /// The largest difference allowed between a stream stepped in a group and alone. A multi-stream kernel adds the
    /// same products in the same column order, but where the one-stream kernel splits the columns into two
    /// accumulator chains (few accumulators: RNN, 512-bit panels) and the group's tile does not (or the other way
    /// round), the sums are rounded in another order: float32 rounding differences, carried through a few steps.
    /// </summary>
    public const float Tolerance = 1e-5f;

    /// <summary>The worst difference over every stream count, and whether every output and state was bit-identical.</summary>
    public static (float Worst, bool Identical) Compare(Func<float[], int, int, float[], bool, float[]> stepStreams, Func<int, float[]> inputs, float[] initial)
    {
        float worst = 0f;
        bool identical = true;
        for (int streams = 1; streams <= MaxStreams; streams++)
        {
            float[] x = inputs(streams * Steps);
            var states = new float[streams * initial.Length];
            for (int b = 0; b < streams; b++)
            {
                for (int i = 0; i < initial.Length; i++)
                {
                    states[(b * initial.Length) + i] = initial[i] * (1f - (0.1f * b));
                }
            }
            float[] batchedStates = states.ToArray(), aloneStates = states.ToArray();
            float[] batched = stepStreams(x, streams, Steps, batchedStates, true);
            float[] alone = stepStreams(x, streams, Steps, aloneStates, false);
            identical &= batched.AsSpan().SequenceEqual(alone) && batchedStates.AsSpan().SequenceEqual(aloneStates);
            worst = Math.Max(worst, Math.Max(FixtureCase.MaxAbsDifference(alone, batched), FixtureCase.MaxAbsDifference(aloneStates, batchedStates)));
        }
        return (worst, identical);
    }
}
