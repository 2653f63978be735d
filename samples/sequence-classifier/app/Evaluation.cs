using System.Diagnostics;
using SequenceClassifier.Data;

namespace SequenceClassifier;

/// <summary>How a model did on the test split.</summary>
/// <param name="Correct">Sequences whose most probable class is the label.</param>
/// <param name="Count">Test sequences.</param>
/// <param name="ReferenceError">Max |P(class 1) − the trainer's P(class 1)| over the test sequences.</param>
public readonly record struct AccuracyResult(int Correct, int Count, float ReferenceError)
{
    public double Accuracy => (double)Correct / Count;
}

/// <summary>Per-sequence latency of one model over many runs, and the heap bytes those runs allocated.</summary>
public readonly record struct LatencyResult(double MedianMicroseconds, double P99Microseconds, int Runs, long BytesAllocated)
{
    public double BytesPerSequence => (double)BytesAllocated / Runs;
}

/// <summary>Accuracy and latency of the generated models, generic over the model so each call is a direct call.</summary>
public static class Evaluation
{
    public static AccuracyResult Accuracy<TModel>(LabelledSamples test)
        where TModel : IClassifier
    {
        ArgumentNullException.ThrowIfNull(test);
        Span<float> probabilities = stackalloc float[2];
        ReadOnlySpan<float> reference = TModel.Reference;
        int correct = 0;
        float worst = reference.Length == test.Count ? 0 : float.PositiveInfinity;
        for (int n = 0; n < test.Count; n++)
        {
            TModel.Classify(test.Features(n), probabilities);
            int predicted = probabilities[1] > probabilities[0] ? 1 : 0;
            correct += predicted == test.Label(n) ? 1 : 0;
            if (n < reference.Length)
            {
                // NaN must fail too: MathF.Max propagates it.
                worst = MathF.Max(worst, MathF.Abs(probabilities[1] - reference[n]));
            }
        }

        return new AccuracyResult(correct, test.Count, worst);
    }

    /// <summary>
    /// Times every test sequence <paramref name="rounds"/> times per model (Stopwatch around one sequence: state
    /// reset to the initial state, 20 steps, head, softmax). The models alternate round by round so both see the
    /// same machine; allocation is counted over the timed runs only, after a warm-up pass.
    /// </summary>
    public static (LatencyResult Lstm, LatencyResult Gru) Latency(LabelledSamples test, int rounds)
    {
        ArgumentNullException.ThrowIfNull(test);
        int runs = rounds * test.Count;
        long[] lstmTicks = new long[runs];
        long[] gruTicks = new long[runs];
        long lstmBytes = 0;
        long gruBytes = 0;
        TimeRound<Lstm>(test, lstmTicks, 0);
        TimeRound<Gru>(test, gruTicks, 0);
        for (int r = 0; r < rounds; r++)
        {
            lstmBytes += TimeRound<Lstm>(test, lstmTicks, r * test.Count);
            gruBytes += TimeRound<Gru>(test, gruTicks, r * test.Count);
        }

        return (Summarise(lstmTicks, lstmBytes), Summarise(gruTicks, gruBytes));
    }

    /// <summary>Times each test sequence once into ticks[offset..]; returns the bytes allocated meanwhile.</summary>
    private static long TimeRound<TModel>(LabelledSamples test, long[] ticks, int offset)
        where TModel : IClassifier
    {
        Span<float> probabilities = stackalloc float[2];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < test.Count; n++)
        {
            ReadOnlySpan<float> sequence = test.Features(n);
            long start = Stopwatch.GetTimestamp();
            TModel.Classify(sequence, probabilities);
            ticks[offset + n] = Stopwatch.GetTimestamp() - start;
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static LatencyResult Summarise(long[] ticks, long bytes)
    {
        Array.Sort(ticks);
        double toMicroseconds = 1e6 / Stopwatch.Frequency;
        return new LatencyResult(
            ticks[ticks.Length / 2] * toMicroseconds,
            ticks[(int)(ticks.Length * 0.99)] * toMicroseconds,
            ticks.Length,
            bytes);
    }
}
