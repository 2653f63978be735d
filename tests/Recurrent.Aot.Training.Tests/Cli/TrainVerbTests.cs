using System.Globalization;
using System.Xml.Linq;
using Recurrent.Aot.Cli;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Training.Tests.Cli;

/// <summary>The <c>recurrent train</c> verb end to end: data in, model, metrics and plot out, clear errors for bad data.</summary>
public sealed class TrainVerbTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-train-verb-").FullName;

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Trains_a_built_in_task_and_writes_model_metrics_and_plot()
    {
        (int code, string output, string error) = Run(
            "train", "--task", "recall", "--gap", "8", "--cell", "gru", "--hidden", "12", "--forget-bias", "2", "--lr", "0.01",
            "--epochs", "3", "--task-size", "600", "-o", PathOf("model.safetensors"), "--metrics", PathOf("metrics.csv"), "--plot", PathOf("loss.svg"));
        Assert.True(code == 0, error);
        Assert.Contains("epoch 3/3", output, StringComparison.Ordinal);
        Assert.Contains("validation loss", output, StringComparison.Ordinal);

        RecurrentModel model = RecurrentModel.Load(PathOf("model.safetensors"));
        Assert.Equal(4, model.OutputSize);
        Assert.Equal("softmax", SafeTensorsFile.Load(PathOf("model.safetensors")).Metadata["recurrent.head_activation"]);

        string[] metrics = File.ReadAllLines(PathOf("metrics.csv"));
        Assert.Equal("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds", metrics[0]);
        Assert.Equal(4, metrics.Length);
        double firstLoss = double.Parse(metrics[1].Split(',')[1], CultureInfo.InvariantCulture);
        double lastLoss = double.Parse(metrics[3].Split(',')[1], CultureInfo.InvariantCulture);
        Assert.True(lastLoss < firstLoss, $"loss {firstLoss} → {lastLoss}");

        XDocument svg = XDocument.Load(PathOf("loss.svg"));
        var lines = svg.Descendants().Where(e => e.Name.LocalName == "polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(3, l.Attribute("points")!.Value.Split(' ').Length));
    }

    [Fact]
    public void Trains_from_csv_and_from_npy()
    {
        // Label = whether the sequence's values sum to more than zero; 2 features per step, 5 steps.
        var rng = new Recurrent.Aot.Training.Numerics.Pcg32(8);
        var lines = new List<string> { "label,values" };
        float[] inputs = new float[200 * 5 * 2];
        float[] labels = new float[200];
        for (int n = 0; n < 200; n++)
        {
            float sum = 0;
            for (int i = 0; i < 10; i++)
            {
                inputs[(n * 10) + i] = (float)rng.NextUniform(-1, 1);
                sum += inputs[(n * 10) + i];
            }

            labels[n] = sum > 0 ? 1 : 0;
            lines.Add(string.Join(',', new[] { labels[n] }.Concat(inputs.AsSpan(n * 10, 10).ToArray()).Select(v => v.ToString(CultureInfo.InvariantCulture))));
        }

        File.WriteAllLines(PathOf("data.csv"), lines);
        (int code, string output, string error) = Run("train", "--data", PathOf("data.csv"), "--features", "2", "--cell", "lstm", "--hidden", "8", "--lr", "0.02", "--epochs", "6", "-o", PathOf("csv.safetensors"));
        Assert.True(code == 0, error);
        Assert.Contains("on 160 sequences, validating on 40", output, StringComparison.Ordinal);

        Npy.Write(PathOf("x.npy"), inputs, 200, 5, 2);
        Npy.Write(PathOf("y.npy"), labels, 200);
        (code, _, error) = Run("train", "--data", PathOf("x.npy"), "--targets", PathOf("y.npy"), "--cell", "rnn", "--hidden", "8", "--epochs", "2", "-o", PathOf("npy.safetensors"));
        Assert.True(code == 0, error);
        Assert.Equal(2, RecurrentModel.Load(PathOf("npy.safetensors")).OutputSize);
    }

    [Theory]
    [InlineData("0,1,2,3\n1,1,2\n", "bad.csv:2: ragged row: 3 values, the first data line has 4.")]
    [InlineData("0,1,2,3\n1,1,NaN,3\n", "bad.csv:2, column 3: NaN is not allowed (NaN or infinite).")]
    [InlineData("0,1,2,3\n7,1,2,3\n", "bad.csv:2, column 1: label 7 is outside [0, 3).")]
    [InlineData("0,1,2,3\n-1,1,2,3\n", "bad.csv:2, column 1: label -1 is not a non-negative integer.")]
    [InlineData("0,1,2,3\n1,1,x,3\n", "bad.csv:2, column 3: 'x' is not a number.")]
    public void Malformed_csv_is_one_clear_error_naming_file_line_and_problem(string content, string expected)
    {
        File.WriteAllText(PathOf("bad.csv"), content);
        (int code, string output, string error) = Run("train", "--data", PathOf("bad.csv"), "--classes", "3", "-o", PathOf("never.safetensors"));
        Assert.Equal(CliApp.InputError, code);
        Assert.Equal("error: " + expected, error.TrimEnd());
        Assert.DoesNotContain("epoch", output, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("never.safetensors")));
    }

    [Fact]
    public void Nan_and_shape_errors_in_npy_name_the_file_and_index()
    {
        float[] x = new float[3 * 2 * 1];
        x[3] = float.NaN;
        Npy.Write(PathOf("x.npy"), x, 3, 2, 1);
        Npy.Write(PathOf("y.npy"), [0f, 1f, 0f], 3);
        (int code, _, string error) = Run("train", "--data", PathOf("x.npy"), "--targets", PathOf("y.npy"), "-o", PathOf("m.safetensors"));
        Assert.Equal(CliApp.InputError, code);
        Assert.Equal("error: x.npy: value at index 3 (1, 1, 0) is NaN (NaN or infinite).", error.TrimEnd());

        x[3] = 0;
        Npy.Write(PathOf("x.npy"), x, 3, 2, 1);
        Npy.Write(PathOf("y.npy"), [0f, 1f], 2);
        (code, _, error) = Run("train", "--data", PathOf("x.npy"), "--targets", PathOf("y.npy"), "-o", PathOf("m.safetensors"));
        Assert.Equal(CliApp.InputError, code);
        Assert.Equal("error: y.npy: targets must have shape (3) for 3 sequences of 2 steps, got (2).", error.TrimEnd());
    }

    [Fact]
    public void Data_and_task_are_mutually_exclusive_and_one_is_required()
    {
        (int code, _, string error) = Run("train", "-o", PathOf("m.safetensors"));
        Assert.Equal(CliApp.InputError, code);
        Assert.Contains("either --data FILE or --task NAME", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--threads", "0", "MaxDegreeOfParallelism")]
    [InlineData("--proj-size", "4", "Projection and peepholes are LSTM options; the cell is Gru.")]
    [InlineData("--gap", "-3", "gap")]
    [InlineData("--lr", "0", "--lr must be positive")]
    public void Out_of_range_settings_are_one_line_input_errors(string option, string value, string expected)
    {
        (int code, _, string error) = Run("train", "--task", "recall", "--cell", "gru", "--epochs", "1", "--task-size", "50", option, value, "-o", PathOf("m.safetensors"));
        Assert.Equal(CliApp.InputError, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("lstm", new[] { "--gate-activation", "hard_sigmoid", "--candidate-activation", "relu", "--cell-activation", "relu" }, "hard_sigmoid", "relu", "relu")]
    [InlineData("lstm", new[] { "--candidate-activation", "relu", "--cell-activation", "relu" }, "sigmoid", "relu", "relu")]
    [InlineData("lstm", new string[0], "sigmoid", "tanh", "tanh")]
    [InlineData("gru", new[] { "--gate-activation", "hard_sigmoid", "--candidate-activation", "relu" }, "hard_sigmoid", "relu", null)]
    [InlineData("gru", new[] { "--gate-activation", "tanh", "--candidate-activation", "sigmoid" }, "tanh", "sigmoid", null)]
    public void Trains_with_the_activations_asked_for_and_writes_them_to_the_file(string cell, string[] options, string gate, string candidate, string? cellActivation)
    {
        (int code, string output, string error) = Run(
            ["train", "--task", "recall", "--gap", "4", "--cell", cell, "--hidden", "6", "--epochs", "1", "--task-size", "64", .. options, "-o", PathOf("act.safetensors")]);
        Assert.True(code == 0, error);
        if (options.Length > 0)
        {
            Assert.Contains($"candidate {candidate}", output, StringComparison.Ordinal);
        }

        IReadOnlyDictionary<string, string> metadata = SafeTensorsFile.Load(PathOf("act.safetensors")).Metadata;
        Assert.Equal(gate, metadata["recurrent.gate_activation"]);
        Assert.Equal(candidate, metadata["recurrent.candidate_activation"]);
        Assert.Equal(cellActivation, metadata.TryGetValue("recurrent.cell_activation", out string? value) ? value : null);
        CellSpec loaded = RecurrentModel.Load(PathOf("act.safetensors")).Spec.Cell;
        Assert.Equal(gate, Name(loaded.GateActivation));
        Assert.Equal(candidate, Name(loaded.CandidateActivation));

        static string Name(Activation a) => a == Activation.HardSigmoid ? "hard_sigmoid" : a.ToString().ToLowerInvariant();
    }

    [Theory]
    [InlineData("rnn", "--gate-activation", "relu", "error: --gate-activation applies to lstm and gru cells; an rnn has no gates and takes its activation from --nonlinearity (tanh or relu)")]
    [InlineData("rnn", "--candidate-activation", "relu", "error: --candidate-activation applies to lstm and gru cells; an rnn has no gates and takes its activation from --nonlinearity (tanh or relu)")]
    [InlineData("rnn", "--cell-activation", "tanh", "error: --cell-activation applies to lstm and gru cells; an rnn has no gates and takes its activation from --nonlinearity (tanh or relu)")]
    [InlineData("gru", "--cell-activation", "relu", "error: --cell-activation applies to lstm cells only (h' = o * h(c')); a gru has no cell state (its candidate activation is --candidate-activation)")]
    public void Activation_options_the_cell_does_not_have_are_one_line_input_errors(string cell, string option, string value, string expected)
    {
        (int code, string output, string error) = Run("train", "--task", "recall", "--cell", cell, "--epochs", "1", "--task-size", "50", option, value, "-o", PathOf("m.safetensors"));
        Assert.Equal(CliApp.InputError, code);
        Assert.Equal(expected, error.TrimEnd());
        Assert.DoesNotContain("epoch", output, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("m.safetensors")));
    }

    [Theory]
    [InlineData("--gate-activation", "softsign")]
    [InlineData("--candidate-activation", "hardsigmoid")]
    [InlineData("--cell-activation", "ReLU")]
    public void Unknown_activation_names_are_usage_errors_listing_the_accepted_ones(string option, string value)
    {
        (int code, _, string error) = Run("train", "--task", "recall", "--epochs", "1", option, value, "-o", PathOf("m.safetensors"));
        Assert.Equal(CliApp.UsageError, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains("sigmoid", error, StringComparison.Ordinal);
        Assert.Contains("hard_sigmoid", error, StringComparison.Ordinal);
        Assert.Contains("relu", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resumes_from_a_checkpoint()
    {
        string[] common = ["train", "--task", "binary-addition", "--cell", "rnn", "--hidden", "3", "--task-size", "200", "--lr", "0.01", "-o", PathOf("m.safetensors"), "--checkpoint", PathOf("ckpt.safetensors")];
        (int code, _, string error) = Run([.. common, "--epochs", "2"]);
        Assert.True(code == 0, error);
        (code, string output, error) = Run([.. common, "--epochs", "4", "--resume", PathOf("ckpt.safetensors")]);
        Assert.True(code == 0, error);
        Assert.DoesNotContain("epoch 2/4", output, StringComparison.Ordinal);
        Assert.Contains("epoch 3/4", output, StringComparison.Ordinal);
        Assert.Contains("epoch 4/4", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
