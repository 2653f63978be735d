using System.Globalization;
using Recurrent.Aot.IO;
using Recurrent.Aot.Training.Numerics;
using Xunit.Abstractions;

namespace Recurrent.Aot.Training.Tests.Samples;

/// <summary>
/// samples/binary-addition: its train.sh line (seed 001's 3-unit RNN with a learned initial state, a few seconds)
/// still learns binary addition, and writes the committed add.safetensors byte for byte.
/// </summary>
[Trait("Category", "Training")]
public sealed class BinaryAdditionSampleTests(ITestOutputHelper log) : IDisposable
{
    private const string Sample = "binary-addition";

    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-sample-binary-addition-").FullName;

    [Fact]
    public void The_committed_command_learns_addition_and_reproduces_the_committed_model()
    {
        string output = Path.Combine(_directory, "add.safetensors");
        string metrics = Path.Combine(_directory, "metrics.csv");
        List<string> args = SampleTraining.Arguments(Sample, output);
        Assert.Contains("--learn-initial-state", args);
        (int code, string stdout, string error) = SampleTraining.Run([.. args, "--metrics", metrics]);
        Assert.True(code == 0, error);

        double[] last = SampleTraining.LastEpoch(metrics);
        log.WriteLine($"epoch {last[0] + 1}: bits right {last[2]:P2} (train), {last[4]:P2} (validation)");
        Assert.True(last[2] == 1.0 && last[4] == 1.0, $"training no longer reaches 100 %:\n{stdout}");

        // Whole sums, longer than the 8-bit ones trained on, from the learned initial state: both models get them right.
        string committed = SampleTraining.SampleFile(Sample, "add.safetensors");
        Assert.Equal(0, WrongSums(committed));
        Assert.Equal(0, WrongSums(output));

        byte[] expected = File.ReadAllBytes(committed), actual = File.ReadAllBytes(output);
        if (SampleTraining.ExpectSameBytes)
        {
            Assert.True(expected.AsSpan().SequenceEqual(actual), "train.sh no longer writes the committed add.safetensors: re-run it and commit the result");
        }
        else
        {
            log.WriteLine($"bytes {(expected.AsSpan().SequenceEqual(actual) ? "equal" : "differ")} (not compared here: {nameof(SampleTraining.ExpectSameBytes)} is false)");
        }
    }

    /// <summary>How many of 500 random 30-bit additions the model gets wrong, run by the runtime from its InitialState.</summary>
    private static int WrongSums(string path)
    {
        RecurrentModel model = RecurrentModel.Load(path);
        Assert.True(model.HasLearnedInitialState, $"{path} has no learned initial state");
        float[] state = new float[model.StateSize];
        float[] input = new float[2], output = new float[1];
        var rng = new Pcg32(2026, 5);
        int wrong = 0;
        for (int n = 0; n < 500; n++)
        {
            long a = rng.NextInt(1 << 30), b = rng.NextInt(1 << 30), sum = 0;
            model.ResetState(state);
            for (int t = 0; t <= 30; t++)
            {
                input[0] = (a >> t) & 1;
                input[1] = (b >> t) & 1;
                model.Step(input, state, output);
                sum |= output[0] > 0.5f ? 1L << t : 0;
            }

            wrong += sum == a + b ? 0 : 1;
        }

        return wrong;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
