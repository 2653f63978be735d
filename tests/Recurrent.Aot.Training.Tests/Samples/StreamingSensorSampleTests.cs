using Recurrent.Aot.IO;
using StreamingSensor;
using StreamingSensor.Training;
using Xunit.Abstractions;

namespace Recurrent.Aot.Training.Tests.Samples;

/// <summary>
/// samples/streaming-sensor: its training data (the sample's own Signal.cs and train/SensorData.cs, compiled in here)
/// and its train.sh line (a 2-layer LSTM next-sample predictor, about 20 s) still learn to predict the sensor, and
/// write the committed sensor.safetensors byte for byte.
/// </summary>
[Trait("Category", "Training")]
public sealed class StreamingSensorSampleTests(ITestOutputHelper log) : IDisposable
{
    private const string Sample = "streaming-sensor";

    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-sample-streaming-sensor-").FullName;

    [Fact]
    public void The_committed_command_learns_to_predict_the_sensor_and_reproduces_the_committed_model()
    {
        SensorData.Write(_directory);
        string output = Path.Combine(_directory, "sensor.safetensors");
        string metrics = Path.Combine(_directory, "metrics.csv");
        (int code, string stdout, string error) = SampleTraining.Run([.. SampleTraining.Arguments(Sample, output, _directory), "--metrics", metrics]);
        Assert.True(code == 0, error);

        // The loss counts every step of 128-sample windows, the first ones before the phases can be known;
        // the noise alone would give 0.0025. The first epoch ends near 0.1.
        double[] last = SampleTraining.LastEpoch(metrics);
        log.WriteLine($"epoch {last[0] + 1}: train loss {last[1]:G4}, validation loss {last[3]:G4}");
        Assert.True(last[3] < 0.006, $"validation loss {last[3]} (0.0047 when the model was committed):\n{stdout}");

        // What the app relies on: streaming from a zero state, the error on a fresh stream settles near the noise.
        double committedRms = StreamingRms(SampleTraining.SampleFile(Sample, "sensor.safetensors"));
        double retrainedRms = StreamingRms(output);
        log.WriteLine($"streaming prediction error RMS: committed {committedRms:F4}, re-trained {retrainedRms:F4} (noise {Signal.NoiseSigma})");
        Assert.InRange(committedRms, Signal.NoiseSigma, 1.3 * Signal.NoiseSigma);
        Assert.InRange(retrainedRms, Signal.NoiseSigma, 1.3 * Signal.NoiseSigma);

        byte[] expected = File.ReadAllBytes(SampleTraining.SampleFile(Sample, "sensor.safetensors")), actual = File.ReadAllBytes(output);
        if (SampleTraining.ExpectSameBytes)
        {
            Assert.True(expected.AsSpan().SequenceEqual(actual), "train.sh no longer writes the committed sensor.safetensors: re-run it and commit the result");
        }
        else
        {
            log.WriteLine($"bytes {(expected.AsSpan().SequenceEqual(actual) ? "equal" : "differ")} (not compared here: {nameof(SampleTraining.ExpectSameBytes)} is false)");
        }
    }

    /// <summary>RMS of |x_t − prediction| over 5,000 samples of a stream the training never saw, after 200 to settle.</summary>
    private static double StreamingRms(string path)
    {
        RecurrentModel model = RecurrentModel.Load(path);
        float[] state = new float[model.StateSize];
        model.ResetState(state);
        var signal = new Signal(424242);
        float[] input = new float[1], prediction = new float[1];
        double squares = 0;
        for (int t = 0; t < 5200; t++)
        {
            input[0] = signal.Next();
            if (t >= 200)
            {
                squares += (input[0] - prediction[0]) * (input[0] - prediction[0]);
            }

            model.Step(input, state, prediction);
        }

        return Math.Sqrt(squares / 5000);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
