namespace Recurrent.Aot.TestSupport;

/// <summary>
/// The thread half of the shared-model tests: runs one stream per thread, the threads released together by a
/// barrier and each repeating its stream for many rounds so the calls overlap in time.
/// </summary>
internal static class ConcurrentStreams
{
    /// <summary>
    /// Each stream's result on its own thread; every round of a stream must give the same bits as its first.
    /// </summary>
    /// <exception cref="InvalidOperationException">A stream threw, or one of its rounds differed from its first (the message says which).</exception>
    public static float[][] Run(int streams, int rounds, Func<int, float[]> stream)
    {
        var results = new float[streams][];
        var errors = new Exception?[streams];
        using var start = new Barrier(streams);
        var threads = new Thread[streams];
        for (int i = 0; i < streams; i++)
        {
            int index = i;
            threads[i] = new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    for (int round = 0; round < rounds; round++)
                    {
                        float[] result = stream(index);
                        if (round > 0 && !result.AsSpan().SequenceEqual(results[index]))
                            throw new InvalidOperationException($"stream {index} round {round} differs from round 0");
                        results[index] = result;
                    }
                }
                catch (Exception e)
                {
                    errors[index] = e;
                }
            });
            threads[i].Start();
        }

        foreach (Thread thread in threads)
            thread.Join();
        for (int i = 0; i < streams; i++)
        {
            if (errors[i] is { } error)
                throw new InvalidOperationException($"stream {i} on its own thread failed: {error.Message}", error);
        }

        return results;
    }
}
