using Recurrent.Aot.Cli.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Tests;

/// <summary>Bad input gives one "error: ..." line naming the problem and exit code 1; bad usage exit code 2.</summary>
public sealed class RunErrorTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string lstm = Fixtures.PyTorch("lstm_2layer_batch3_state");
    private readonly string input;

    public RunErrorTests()
    {
        input = Fixtures.ExportNpy(SafeTensorsFile.Load(lstm), "test.input", temp.File("input.npy"));
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Missing_model_file()
        => Run(temp.File("absent.safetensors"), "--input", input).AssertError(1, "file not found", "absent.safetensors");

    [Fact]
    public void Missing_input_file()
        => Run(lstm, "--input", temp.File("absent.npy")).AssertError(1, "file not found", "absent.npy");

    [Fact]
    public void Malformed_model_file()
    {
        File.WriteAllBytes(temp.File("garbage.safetensors"), [0x10, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x']);
        Run(temp.File("garbage.safetensors"), "--input", input).AssertError(1, "garbage.safetensors", "header length 16 is larger than");
    }

    [Fact]
    public void Malformed_input_file()
    {
        File.WriteAllText(temp.File("text.npy"), "not an array");
        Run(lstm, "--input", temp.File("text.npy")).AssertError(1, "text.npy", "Not a .npy file");
    }

    [Fact]
    public void Input_of_the_wrong_rank()
    {
        Npy.Write(temp.File("rank4.npy"), new float[16], 1, 2, 2, 4);
        Run(lstm, "--input", temp.File("rank4.npy")).AssertError(1, "rank4.npy has shape (1, 2, 2, 4)", "expected (seq, batch, features) or (seq, features)");
    }

    [Fact]
    public void Input_with_the_wrong_feature_size_says_expected_and_actual()
    {
        Npy.Write(temp.File("wide.npy"), new float[30], 3, 2, 5);
        Run(lstm, "--input", temp.File("wide.npy")).AssertError(1, "wide.npy has 5 features", "the model expects 4");
    }

    [Fact]
    public void Batch_first_model_given_sequence_first_input_gets_a_hint()
    {
        string model = Fixtures.PyTorch("rnn_relu_bidi_2layer");
        Npy.Write(temp.File("bad.npy"), new float[6], 2, 1, 3);

        Run(model, "--input", temp.File("bad.npy")).AssertError(1, "the model expects 4", "pass --batch-first");
    }

    [Fact]
    public void Initial_hidden_state_of_the_wrong_shape()
    {
        // The model has 2 layers, 1 direction; the input has batch 3 and hidden size 6.
        Npy.Write(temp.File("h0.npy"), new float[12], 2, 1, 6);
        Run(lstm, "--input", input, "--h0", temp.File("h0.npy"))
            .AssertError(1, "--h0", "has shape (2, 1, 6); expected (2, 3, 6) (layers*directions, batch, hidden_out)");
    }

    [Fact]
    public void Initial_state_shaped_as_for_a_single_cell_is_refused_for_two_layers()
    {
        // (batch, hidden) is nn.LSTMCell's form: it cannot say which of the 2 layers it is for.
        Npy.Write(temp.File("h0.npy"), new float[18], 3, 6);
        Run(lstm, "--input", input, "--h0", temp.File("h0.npy")).AssertError(
            1,
            "--h0",
            "has shape (3, 6); expected (2, 3, 6) (layers*directions, batch, hidden_out)",
            "the single-cell form (batch, hidden_out) is only for a model of one layer and one direction, and this one has 2 layers and 1 direction");

        Npy.Write(temp.File("c0.npy"), new float[18], 3, 6);
        Run(lstm, "--input", input, "--c0", temp.File("c0.npy")).AssertError(
            1, "--c0", "has shape (3, 6); expected (2, 3, 6) (layers*directions, batch, hidden)", "the single-cell form (batch, hidden)");
    }

    [Fact]
    public void Initial_state_of_the_wrong_shape_for_one_layer_names_both_forms()
    {
        string cell = Fixtures.PyTorch("lstm_cell");
        string cellInput = Fixtures.ExportNpy(SafeTensorsFile.Load(cell), "test.input", temp.File("cell-input.npy"));
        Npy.Write(temp.File("h0.npy"), new float[12], 2, 1, 6);
        Run(cell, "--input", cellInput, "--h0", temp.File("h0.npy")).AssertError(
            1, "--h0", "has shape (2, 1, 6); expected (1, 2, 6) (layers*directions, batch, hidden_out) or (2, 6) (batch, hidden_out) as for a single cell");

        // Unbatched input: (1, hidden) or (hidden).
        Npy.Write(temp.File("x1.npy"), new float[9 * 4], 9, 4);
        Npy.Write(temp.File("c0.npy"), new float[5], 5);
        Run(cell, "--input", temp.File("x1.npy"), "--c0", temp.File("c0.npy")).AssertError(
            1, "--c0", "has shape (5,); expected (1, 6) (layers*directions, hidden) or (6,) (hidden) as for a single cell");
    }

    [Fact]
    public void Initial_cell_state_of_the_wrong_shape()
    {
        Npy.Write(temp.File("c0.npy"), new float[36], 2, 3, 6, 1);
        Run(lstm, "--input", input, "--c0", temp.File("c0.npy")).AssertError(1, "--c0", "expected (2, 3, 6)");
    }

    [Fact]
    public void Cell_state_options_on_a_model_without_cell_state()
    {
        string gru = Fixtures.PyTorch("gru_2layer_batch2_state");
        string gruInput = Fixtures.ExportNpy(SafeTensorsFile.Load(gru), "test.input", temp.File("gru-input.npy"));
        Run(gru, "--input", gruInput, "--cn", temp.File("cn.npy")).AssertError(1, "--cn is for LSTM models only", "GRU");
    }

    [Fact]
    public void Unknown_module_lists_the_modules_in_the_file()
        => Run(lstm, "--input", input, "--module", "decoder").AssertError(1, "no module 'decoder'", "'lstm'");

    [Fact]
    public void Several_modules_and_no_module_option()
    {
        string twoModules = WriteTwoModuleFile();
        Run(twoModules, "--input", input).AssertError(1, "several modules", "'lstm'", "'gru'", "--module");
    }

    [Fact]
    public void Module_option_picks_one_of_several_and_accepts_a_trailing_dot()
    {
        string twoModules = WriteTwoModuleFile();
        Run(twoModules, "--input", input, "--module", "lstm.").AssertSucceeded();

        SafeTensorsFile expected = SafeTensorsFile.Load(lstm);
        // No h0/c0 here, so compare with a run of the original file under the same conditions.
        CliRunner.Run("run", lstm, "--input", input, "--output", temp.File("direct.npy")).AssertSucceeded();
        Assert.Equal(Npy.Read(temp.File("direct.npy")).Data, Npy.Read(temp.File("output.npy")).Data);
        Assert.Equal(expected.GetTensor("test.output").Shape, Npy.Read(temp.File("output.npy")).Shape);
    }

    [Fact]
    public void Cell_override_that_contradicts_the_shapes_is_an_input_error()
        => Run(lstm, "--input", input, "--cell", "gru").AssertError(1, "lstm_2layer_batch3_state.safetensors");

    [Fact]
    public void NaN_in_the_input_propagates_into_the_results()
    {
        SafeTensorsFile file = SafeTensorsFile.Load(lstm);
        float[] data = file.ReadFloat32("test.input");
        int[] shape = file.GetTensor("test.input").Shape;
        // Step 3 of stream 1 is NaN; stream 0 and 2 never see it.
        int features = shape[2];
        data[((3 * shape[1]) + 1) * features] = float.NaN;
        Npy.Write(temp.File("nan.npy"), data, shape);

        Run(lstm, "--input", temp.File("nan.npy")).AssertSucceeded();

        NpyArray output = Npy.Read(temp.File("output.npy"));
        int width = output.Shape[2];
        Assert.False(float.IsNaN(output.Data[((2 * shape[1]) + 1) * width]), "before the NaN step");
        Assert.True(float.IsNaN(output.Data[((3 * shape[1]) + 1) * width]), "at the NaN step");
        Assert.True(float.IsNaN(output.Data[((8 * shape[1]) + 1) * width]), "after the NaN step");
        Assert.False(float.IsNaN(output.Data[(8 * shape[1]) * width]), "another stream");
    }

    [Fact]
    public void Missing_required_option_is_a_usage_error()
        => CliRunner.Run("run", lstm).AssertError(2, "--input", "recurrent run --help");

    [Fact]
    public void Unknown_option_is_a_usage_error()
        => Run(lstm, "--input", input, "--frobnicate").AssertError(2, "--frobnicate");

    [Fact]
    public void Unknown_cell_kind_is_a_usage_error()
        => Run(lstm, "--input", input, "--cell", "transformer").AssertError(2, "transformer");

    [Fact]
    public void No_command_is_a_usage_error()
        => CliRunner.Run().AssertError(2);

    [Fact]
    public void Help_documents_that_NaN_propagates()
    {
        CliResult result = CliRunner.Run("run", "--help").AssertSucceeded();

        Assert.Contains("NaN", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--batch-first", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    private CliResult Run(string model, params string[] options) =>
        CliRunner.Run(["run", model, "--output", temp.File("output.npy"), .. options]);

    private string WriteTwoModuleFile()
    {
        var writer = new SafeTensorsWriter();
        foreach (string fixture in new[] { lstm, Fixtures.PyTorch("gru_2layer_batch2_state") })
        {
            SafeTensorsFile file = SafeTensorsFile.Load(fixture);
            foreach (TensorInfo tensor in file.Tensors.Where(t => !t.Name.StartsWith("test.", StringComparison.Ordinal)))
            {
                writer.Add(tensor.Name, file.ReadFloat32(tensor.Name), tensor.Shape);
            }
        }

        string path = temp.File("two-modules.safetensors");
        writer.Save(path);
        return path;
    }
}
