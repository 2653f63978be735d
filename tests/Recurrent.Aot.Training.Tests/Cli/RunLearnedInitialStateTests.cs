using System.Globalization;
using Recurrent.Aot.Cli;
using Recurrent.Aot.IO;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Tasks;
using Xunit.Abstractions;

namespace Recurrent.Aot.Training.Tests.Cli;

/// <summary>
/// <c>recurrent train --learn-initial-state</c> then <c>recurrent run</c> on the same file: the run must start from
/// the state the model was trained from. Trained on 8-bit additions, run on 16-bit ones; when the run started from
/// zeros instead, 6 of these 8 sums came out wrong.
/// </summary>
[Trait("Category", "Training")]
public sealed class RunLearnedInitialStateTests(ITestOutputHelper log) : IDisposable
{
    private const int Bits = 16;
    private const int Sums = 8;

    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-run-initial-state-").FullName;

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Binary_addition_trained_with_a_learned_initial_state_runs_from_it()
    {
        (int code, string output, string error) = Run(
            "train", "--task", "binary-addition", "--cell", "rnn", "--hidden", "3", "--loss", "bce", "--output-mode", "every",
            "--epochs", "60", "--lr", "0.01", "--batch-size", "16", "--learn-initial-state", "--seed", "1",
            "-o", PathOf("add.safetensors"), "--metrics", PathOf("metrics.csv"));
        Assert.True(code == 0, error);
        string[] lastEpoch = File.ReadAllLines(PathOf("metrics.csv"))[^1].Split(',');
        double trainAccuracy = double.Parse(lastEpoch[2], CultureInfo.InvariantCulture);
        log.WriteLine($"training accuracy after epoch {lastEpoch[0]}: {trainAccuracy:P1}");
        Assert.True(trainAccuracy == 1.0, $"training reached only {trainAccuracy:P1}:\n{output}");

        // The file really holds a learned initial state, so starting from zeros would be a different run.
        SafeTensorsFile file = SafeTensorsFile.Load(PathOf("add.safetensors"));
        Assert.Equal([3], file.GetTensor("rnn.initial_h_l0").Shape);
        float[] initialH = file.ReadFloat32("rnn.initial_h_l0");
        Assert.True(initialH.Max(MathF.Abs) > 1e-2f, $"initial_h_l0 is [{string.Join(", ", initialH)}]");

        // Fresh additions (a stream the trainer never draws from), encoded as the task does: (a_t, b_t), LSB first.
        var rng = new Pcg32(2026, 77);
        long[] a = new long[Sums], b = new long[Sums];
        float[] input = new float[(Bits + 1) * Sums * 2];
        for (int n = 0; n < Sums; n++)
        {
            a[n] = rng.NextInt(1 << Bits);
            b[n] = rng.NextInt(1 << Bits);
            SequenceExample example = BinaryAdditionTask.Encode(a[n], b[n], Bits);
            for (int t = 0; t <= Bits; t++)
            {
                input[((t * Sums) + n) * 2] = example.Inputs[2 * t];
                input[(((t * Sums) + n) * 2) + 1] = example.Inputs[(2 * t) + 1];
            }
        }

        Npy.Write(PathOf("in.npy"), input, Bits + 1, Sums, 2);
        (code, _, error) = Run("run", PathOf("add.safetensors"), "-i", PathOf("in.npy"), "-o", PathOf("out.npy"));
        Assert.True(code == 0, error);

        NpyArray result = Npy.Read(PathOf("out.npy"));
        Assert.Equal([Bits + 1, Sums, 1], result.Shape);
        string[] wrong = WrongSums(result.Data, a, b);
        log.WriteLine($"{Sums - wrong.Length} of {Sums} sums right from the learned initial state");
        Assert.True(wrong.Length == 0, $"{wrong.Length} of {Sums} sums wrong: {string.Join("; ", wrong)}");

        // An explicit --h0 wins over the learned state: zeros give other outputs.
        Npy.Write(PathOf("zeros.npy"), new float[Sums * 3], 1, Sums, 3);
        (code, _, error) = Run("run", PathOf("add.safetensors"), "-i", PathOf("in.npy"), "-o", PathOf("out-zeros.npy"), "--h0", PathOf("zeros.npy"));
        Assert.True(code == 0, error);
        float[] fromZeros = Npy.Read(PathOf("out-zeros.npy")).Data;
        float difference = fromZeros.Zip(result.Data, (x, y) => MathF.Abs(x - y)).Max();
        log.WriteLine($"from an explicit zero --h0: {WrongSums(fromZeros, a, b).Length} of {Sums} sums wrong; max output difference {difference}");
        Assert.True(difference > 1e-3f, $"an explicit zero --h0 changed the outputs by only {difference}");
    }

    /// <summary>The sums whose thresholded output bits (17, batch, 1) are not a + b, as "a + b = expected, got actual".</summary>
    private static string[] WrongSums(float[] outputs, long[] a, long[] b)
    {
        var wrong = new List<string>();
        for (int n = 0; n < a.Length; n++)
        {
            long sum = 0;
            for (int t = 0; t <= Bits; t++)
            {
                if (outputs[(t * a.Length) + n] > 0.5f)
                {
                    sum |= 1L << t;
                }
            }

            if (sum != a[n] + b[n])
            {
                wrong.Add(string.Create(CultureInfo.InvariantCulture, $"{a[n]} + {b[n]} = {a[n] + b[n]}, got {sum}"));
            }
        }

        return [.. wrong];
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
