using Recurrent.Aot.Cli.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Tests;

public class InspectTests
{
    [Fact]
    public void Describes_a_bidirectional_projected_LSTM()
    {
        string model = Fixtures.PyTorch("lstm_proj_bidi");
        SafeTensorsFile file = SafeTensorsFile.Load(model);

        string text = CliRunner.Run("inspect", model).AssertSucceeded().Stdout;

        AssertLine(text, "kind", "LSTM");
        AssertLine(text, "input size", file.GetTensor("lstm.weight_ih_l0").Shape[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertLine(text, "hidden size", file.GetTensor("lstm.weight_hr_l0").Shape[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertLine(text, "projection", file.GetTensor("lstm.weight_hr_l0").Shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertLine(text, "directions", "2 (bidirectional)");
        AssertLine(text, "activations", "gates sigmoid, candidate tanh, cell tanh");
        AssertLine(text, "head", "none");
        Assert.Contains("projection, layer 0, reverse", text, StringComparison.Ordinal);
        Assert.Contains("recurrent weights, layer 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_only_the_parameters_of_the_model()
    {
        string model = Fixtures.PyTorch("lstm_2layer_batch3_state");
        SafeTensorsFile file = SafeTensorsFile.Load(model);
        long expected = file.Tensors.Where(t => t.Name.StartsWith("lstm.", StringComparison.Ordinal)).Sum(t => t.ElementCount);

        string text = CliRunner.Run("inspect", model).AssertSucceeded().Stdout;

        AssertLine(text, "parameters", expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        AssertLine(text, "layers", "2");
        Assert.Matches(@"test\.input\s.*F32\s.*\(9, 3, 4\)\s.*not used", text);
    }

    [Fact]
    public void Shows_the_head_the_GRU_reset_convention_and_the_metadata()
    {
        string head = CliRunner.Run("inspect", Fixtures.PyTorch("lstm_head_softmax")).AssertSucceeded().Stdout;
        AssertLine(head, "head", "fc: linear 6 -> 5, activation softmax");
        Assert.Contains("head weights", head, StringComparison.Ordinal);
        Assert.Matches(@"recurrent\.head_activation\s.*softmax", head);

        string gru = CliRunner.Run("inspect", Fixtures.Reference("gru_reset_before")).AssertSucceeded().Stdout;
        AssertLine(gru, "kind", "GRU");
        AssertLine(gru, "GRU reset", "before the matmul (original GRU)");
    }

    [Fact]
    public void Shows_the_RNN_nonlinearity()
    {
        string text = CliRunner.Run("inspect", Fixtures.PyTorch("rnn_relu_1layer")).AssertSucceeded().Stdout;

        AssertLine(text, "kind", "RNN");
        AssertLine(text, "activations", "nonlinearity relu");
    }

    [Fact]
    public void Shows_initial_h_and_initial_c_as_the_learned_initial_state_not_as_unused()
    {
        // A file as `recurrent train --learn-initial-state` writes it, one layer: initial_h_l0 and initial_c_l0.
        using var temp = new TempDirectory();
        string model = LearnedInitialState.Write(Fixtures.PyTorch("lstm_1layer"), "lstm.", layers: 1, directions: 1, lstm: true, temp.File("learned.safetensors"));

        string text = CliRunner.Run("inspect", model).AssertSucceeded().Stdout;

        Assert.Matches(@"lstm\.initial_h_l0\s.*F32\s.*\(6,\)\s.*learned initial h, layer 0\s", text);
        Assert.Matches(@"lstm\.initial_c_l0\s.*F32\s.*\(6,\)\s.*learned initial c, layer 0\s", text);
        Assert.DoesNotContain("not used", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_every_cell_of_a_learned_initial_state_and_counts_it_as_parameters()
    {
        using var temp = new TempDirectory();
        string model = LearnedInitialState.Write(Fixtures.PyTorch("lstm_bidi_2layer_state"), "lstm.", layers: 2, directions: 2, lstm: true, temp.File("learned.safetensors"));
        SafeTensorsFile file = SafeTensorsFile.Load(model);

        string text = CliRunner.Run("inspect", model).AssertSucceeded().Stdout;

        Assert.Matches(@"lstm\.initial_h_l0\s.*\(6,\)\s.*learned initial h, layer 0\s", text);
        Assert.Matches(@"lstm\.initial_c_l0\s.*learned initial c, layer 0\s", text);
        Assert.Matches(@"lstm\.initial_h_l1_reverse\s.*learned initial h, layer 1, reverse", text);
        Assert.Matches(@"lstm\.initial_c_l1_reverse\s.*learned initial c, layer 1, reverse", text);
        Assert.DoesNotMatch(@"initial_[hc]\S*\s.*not used", text);
        // They are parameters of the model, counted with the weights.
        long parameters = file.Tensors.Where(t => t.Name.StartsWith("lstm.", StringComparison.Ordinal)).Sum(t => t.ElementCount);
        Assert.Matches($@"(?m)^\s*parameters\s+{parameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}\s*$", text);
    }

    [Fact]
    public void Unknown_module_lists_the_modules()
        => CliRunner.Run("inspect", Fixtures.PyTorch("lstm_bidi"), "--module", "decoder").AssertError(1, "no module 'decoder'", "'encoder.rnn'");

    [Fact]
    public void Malformed_file_is_an_input_error()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("short.safetensors"), [1, 2]);

        CliRunner.Run("inspect", temp.File("short.safetensors")).AssertError(1, "short.safetensors", "truncated");
    }

    private static void AssertLine(string text, string label, string value) =>
        Assert.Matches($@"(?m)^\s*{System.Text.RegularExpressions.Regex.Escape(label)}\s+{System.Text.RegularExpressions.Regex.Escape(value)}\s*$", text);
}
