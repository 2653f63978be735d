using System.IO.Compression;
using System.Text;
using Recurrent.Aot.Interop.Keras;

namespace Recurrent.Aot.Interop.Tests.Keras;

/// <summary>Bad input is one <see cref="ModelImportException"/> whose message names the file, layer or tensor and what was expected.</summary>
public sealed class KerasErrorTests
{
    private static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(KerasFixture.Directory, file));

    private static string Text(string file) => File.ReadAllText(Path.Combine(KerasFixture.Directory, file));

    /// <summary>Keras 2 weights file (LSTM 4 → Dense 1) with an edited to_json config.</summary>
    private static ModelImportException Keras2Weights(Func<string, string> edit)
        => Assert.Throws<ModelImportException>(() => KerasImporter.Import(
            Bytes("k2_lstm_dense_weights.weights.h5"), "k2.weights.h5",
            Encoding.UTF8.GetBytes(edit(Text("k2_lstm_dense_weights.json"))), "k2.json"));

    /// <summary>A .keras archive imported with its own config.json edited and given as the config.</summary>
    private static ModelImportException KerasArchive(string name, Func<string, string> edit)
    {
        byte[] archive = Bytes($"{name}.keras");
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        string config = edit(reader.ReadToEnd());
        return Assert.Throws<ModelImportException>(() => KerasImporter.Import(archive, $"{name}.keras", Encoding.UTF8.GetBytes(config), "config.json"));
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' not in the config");
        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    [Fact]
    public void A_file_that_is_neither_HDF5_nor_zip_is_refused()
    {
        var e = Assert.Throws<ModelImportException>(() => KerasImporter.Import("not a model"u8.ToArray(), "model.h5"));
        Assert.Contains("model.h5: not a Keras file", e.Message);
    }

    [Theory]
    [InlineData("k2_lstm_sequence.h5")]
    [InlineData("k3_lstm_stack_dense.keras")]
    public void A_truncated_file_is_refused(string file)
    {
        byte[] bytes = Bytes(file);
        var e = Assert.Throws<ModelImportException>(() => KerasImporter.Import(bytes[..(bytes.Length / 2)], file));
        Assert.StartsWith(file, e.Message);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        var e = Assert.Throws<ModelImportException>(() => KerasImporter.Import(Path.Combine(KerasFixture.Directory, "absent.h5")));
        Assert.Contains("absent.h5", e.Message);
    }

    [Fact]
    public void A_weights_file_without_its_config_asks_for_it()
    {
        var e = Assert.Throws<ModelImportException>(() => KerasImporter.Import(Bytes("k3_bigru_final_state.weights.h5"), "w.weights.h5"));
        Assert.Contains("give the model's JSON config", e.Message);
    }

    [Fact]
    public void A_config_that_is_not_json_is_refused()
    {
        var e = Keras2Weights(_ => "{ not json");
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void An_unknown_layer_class_names_the_layer()
    {
        var e = Keras2Weights(c => c.Replace("\"class_name\": \"Dense\"", "\"class_name\": \"Conv1D\"", StringComparison.Ordinal));
        Assert.Contains("Keras layer 'dense' (Conv1D)", e.Message);
        Assert.Contains("not supported", e.Message);
    }

    [Fact]
    public void An_unknown_activation_names_the_layer_and_the_activation()
    {
        var e = Keras2Weights(c => ReplaceFirst(c, "\"activation\": \"tanh\"", "\"activation\": \"gelu\""));
        Assert.Contains("'lstm' (LSTM)", e.Message);
        Assert.Contains("'gelu'", e.Message);
    }

    [Fact]
    public void Kernel_shapes_that_disagree_with_units_name_the_tensor()
    {
        var e = Keras2Weights(c => ReplaceFirst(c, "\"units\": 4", "\"units\": 5"));
        Assert.Contains("'lstm' (LSTM)", e.Message);
        Assert.Contains("kernel 'lstm/lstm_cell/kernel:0' has shape (3, 16), expected (3, 20) (units 5)", e.Message);
    }

    [Fact]
    public void A_layer_missing_from_the_weights_is_named()
    {
        var e = Keras2Weights(c => c.Replace("\"name\": \"lstm\"", "\"name\": \"lstm_9\"", StringComparison.Ordinal));
        Assert.Contains("no weights for Keras layer 'lstm_9' (LSTM)", e.Message);
    }

    [Fact]
    public void A_go_backwards_layer_in_a_stack_is_refused()
    {
        var e = KerasArchive("k3_lstm_stack_dense", c => ReplaceFirst(c, "\"go_backwards\": false", "\"go_backwards\": true"));
        Assert.Contains("'lstm' (LSTM) go_backwards=True in a stack", e.Message);
    }

    [Fact]
    public void An_unsupported_head_activation_is_refused()
    {
        var e = Keras2Weights(c => c.Replace("\"activation\": \"linear\"", "\"activation\": \"relu\"", StringComparison.Ordinal));
        Assert.Contains("'dense' (Dense) has activation 'relu'", e.Message);
    }

    [Fact]
    public void A_merge_mode_other_than_concat_is_refused()
    {
        var e = Assert.Throws<ModelImportException>(() => KerasImporter.Import(
            Bytes("k3_bigru_final_state.weights.h5"), "w.weights.h5",
            Encoding.UTF8.GetBytes(Text("k3_bigru_final_state.json").Replace("\"merge_mode\": \"concat\"", "\"merge_mode\": \"sum\"", StringComparison.Ordinal)), "c.json"));
        Assert.Contains("'bidirectional' (Bidirectional): merge_mode is 'sum'", e.Message);
    }

    [Fact]
    public void A_head_after_a_bidirectional_final_state_is_refused()
    {
        const string dense = ", {\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2, \"activation\": \"linear\"}, \"name\": \"dense\", \"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"keras_history\": [\"bidirectional\", 0, 0]}}], \"kwargs\": {}}]}]";
        string config = Text("k3_bigru_final_state.json");
        int end = config.IndexOf("], \"input_layers\"", StringComparison.Ordinal);
        config = string.Concat(config.AsSpan(0, end), dense, config.AsSpan(end + 1));
        var e = Assert.Throws<ModelImportException>(() => KerasImporter.Import(
            Bytes("k3_bigru_final_state.weights.h5"), "w.weights.h5", Encoding.UTF8.GetBytes(config), "c.json"));
        Assert.Contains("'dense' (Dense) follows 'bidirectional' (Bidirectional(GRU)) with return_sequences=False", e.Message);
    }

    [Fact]
    public void Stacked_layers_of_different_units_are_refused()
    {
        // The second "units": 4 is the second LSTM's (the first LSTM's comes first, the Dense has 2).
        var e = KerasArchive("k3_lstm_stack_dense", c => ReplaceFirst(c, "\"units\": 4", "\"units\": 4 ").Replace("\"units\": 4,", "\"units\": 5,", StringComparison.Ordinal));
        Assert.Contains("'lstm_1' (LSTM) has 5 units, the first recurrent layer 4", e.Message);
    }

    [Fact]
    public void An_intermediate_layer_that_does_not_return_sequences_is_refused()
    {
        var e = KerasArchive("k3_lstm_stack_dense", c => ReplaceFirst(c, "\"return_sequences\": true", "\"return_sequences\": false"));
        Assert.Contains("'lstm' (LSTM) return_sequences=False but another recurrent layer follows", e.Message);
    }

    [Fact]
    public void A_functional_model_that_is_not_a_chain_is_refused()
    {
        var e = KerasArchive("k3_rnn_linear_dense", c => c.Replace("\"keras_history\": [\"simple_rnn\", 0, 0]", "\"keras_history\": [\"input_layer\", 0, 0]", StringComparison.Ordinal));
        Assert.Contains("layer 'dense' takes [input_layer]", e.Message);
        Assert.Contains("straight chain", e.Message);
    }
}
