namespace StreamingSensor;

/// <summary>The edge loop: one sample at a time through the LSTM, its state a local on the stack.</summary>
internal static class Detector
{
    /// <summary>Steps after a (re)start whose errors are not judged: the LSTM has not yet locked onto the phases.</summary>
    public const int WarmUp = 200;

    /// <summary>Errors in the sliding window of the second rule.</summary>
    public const int Window = 8;

    /// <summary>
    /// Streams <paramref name="samples"/> through the predictor. At step t the error is |x_t − the prediction made
    /// after x_{t−1}|, written to <paramref name="errors"/>. The step is an alarm (never during the warm-up) when the
    /// error exceeds <paramref name="threshold"/> or the RMS of the last <see cref="Window"/> errors exceeds
    /// <paramref name="windowThreshold"/> (a burst of smaller errors). Returns the number of alarms. Allocates nothing.
    /// </summary>
    public static int Watch(ReadOnlySpan<float> samples, float threshold, float windowThreshold, Span<float> errors, Span<bool> alarms)
    {
        SensorLstm.State state = SensorLstm.InitialState;
        Span<float> prediction = stackalloc float[SensorLstm.OutputSize];
        Span<float> recent = stackalloc float[Window];
        recent.Clear();
        float windowLimit = windowThreshold * windowThreshold * Window;
        int count = 0;
        for (int t = 0; t < samples.Length; t++)
        {
            float error = t == 0 ? 0 : MathF.Abs(samples[t] - prediction[0]);
            recent[t % Window] = error * error;
            float squares = 0;
            foreach (float e in recent)
            {
                squares += e;
            }

            bool alarm = t >= WarmUp && (error > threshold || squares > windowLimit);
            errors[t] = error;
            alarms[t] = alarm;
            count += alarm ? 1 : 0;
            SensorLstm.Step(samples.Slice(t, 1), ref state, prediction);
        }

        return count;
    }
}
