using System.Text;
using Recurrent.Aot.Cli;
using Recurrent.Aot.Interop.Onnx;
using Recurrent.Aot.Interop.Tests.Support;

namespace Recurrent.Aot.Interop.Tests.Onnx;

/// <summary>
/// Bad input gets one clear error (a <see cref="ModelImportException"/>; from the command line one line and exit code
/// 1), and random truncations and byte mutations of every fixture give success or that exception, never another.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raot-onnx-bad-" + Guid.NewGuid().ToString("N"));

    public BadInputTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("bad_unsupported_op", "node 'pre_relu' (Relu) sits before the first recurrent layer")]
    [InlineData("bad_missing_initializer", "R of node 'rnn' (RNN) ('R') is a graph input: expected an initializer")]
    [InlineData("bad_shapes", "node 'lstm' (LSTM) has hidden_size 5 but R has shape (1, 16, 4)")]
    [InlineData("bad_sequence_lens", "sequence_lens of node 'gru' (GRU) ('lens') is the constant [5, 3]")]
    [InlineData("bad_bidirectional_activations", "uses different activations per direction (forward Tanh; reverse Relu)")]
    public void A_graph_the_importer_cannot_represent_is_refused_by_name(string name, string message)
    {
        var error = Assert.Throws<ModelImportException>(() => OnnxImporter.Import(Fixtures.Bytes(name), name));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        (int exit, string stdout, string stderr) = Cli("import", Fixtures.Path(name), "-o", Path.Combine(_folder, name + ".safetensors"));
        Assert.Equal(CliApp.InputError, exit);
        Assert.Empty(stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, name + ".safetensors")));
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        byte[] bytes = Fixtures.Bytes("torch_lstm");
        var error = Assert.Throws<ModelImportException>(() => OnnxImporter.Import(bytes.AsMemory(0, bytes.Length / 2), "half.onnx"));
        Assert.StartsWith("half.onnx is not an ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a text file, not a model\n")]
    [InlineData("")]
    public void A_file_that_is_not_onnx_is_refused(string text)
    {
        string path = Path.Combine(_folder, "notes.onnx");
        File.WriteAllText(path, text);
        var error = Assert.Throws<ModelImportException>(() => ModelImport.Import(path));
        Assert.Contains("notes.onnx is not an ONNX model", error.Message, StringComparison.Ordinal);
        Assert.Equal(CliApp.InputError, Cli("import", path, "-o", Path.Combine(_folder, "out.safetensors")).Exit);
    }

    [Fact]
    public void An_unknown_extension_and_keras_files_get_their_own_errors()
    {
        string other = Path.Combine(_folder, "model.bin");
        File.WriteAllBytes(other, Fixtures.Bytes("torch_lstm"));
        Assert.Contains("expected an .onnx file", Assert.Throws<ModelImportException>(() => ModelImport.Import(other)).Message, StringComparison.Ordinal);

        string h5 = Path.Combine(_folder, "model.weights");
        File.WriteAllBytes(h5, [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);
        Assert.Equal(ModelFileKind.Keras, ModelImport.Detect(h5, File.ReadAllBytes(h5)));
        // A file with HDF5's magic goes to the Keras importer, which refuses this truncated one with its own error.
        Assert.Contains("model.weights", Assert.Throws<ModelImportException>(() => ModelImport.Import(h5)).Message, StringComparison.Ordinal);
        Assert.Equal(ModelFileKind.Keras, ModelImport.Detect("m.keras", "PK\u0003\u0004"u8));
        Assert.Equal(ModelFileKind.Onnx, ModelImport.Detect("m.ONNX", "\u0008\u0007"u8));
    }

    [Fact]
    public void External_data_is_refused_with_how_to_fix_it()
    {
        global::Onnx.ModelProto model = global::Onnx.ModelProto.Parser.ParseFrom(Fixtures.Bytes("hand_gru_before_reset"));
        global::Onnx.TensorProto w = model.Graph.Initializer.First(i => i.Name == "W");
        w.RawData = Google.Protobuf.ByteString.Empty;
        w.DataLocation = global::Onnx.TensorProto.Types.DataLocation.External;
        w.ExternalData.Add(new global::Onnx.StringStringEntryProto { Key = "location", Value = "weights.bin" });
        var error = Assert.Throws<ModelImportException>(() => OnnxImporter.Import(Google.Protobuf.MessageExtensions.ToByteArray(model), "external.onnx"));
        Assert.Contains("external data", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> AllFixtures() => Fixtures.All();

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Truncations_and_mutations_give_a_model_or_the_importers_own_error(string name)
    {
        byte[] original = Fixtures.Bytes(name);
        var random = new Random(name.Length * 7919);
        var outcomes = new Dictionary<string, int>();
        for (int trial = 0; trial < 120; trial++)
        {
            byte[] bytes;
            if (trial < 40)
            {
                bytes = original[..random.Next(original.Length)];
            }
            else
            {
                bytes = (byte[])original.Clone();
                int flips = 1 + random.Next(4);
                for (int f = 0; f < flips; f++)
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            string outcome;
            try
            {
                ImportedModel imported = OnnxImporter.Import(bytes, name);
                imported.ToSafeTensors();
                outcome = "imported";
            }
            catch (ModelImportException)
            {
                outcome = "refused";
            }
            catch (Exception e)
            {
                Assert.Fail($"{name} trial {trial}: {e.GetType().Name} instead of a ModelImportException: {e.Message}");
                throw;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(outcomes.GetValueOrDefault("refused") > 0, $"{name}: no damaged file was refused");
    }

    [Fact]
    public void Import_and_export_verbs_write_files_the_runtime_loads()
    {
        string model = Path.Combine(_folder, "imported.safetensors");
        (int exit, string stdout, string stderr) = Cli("import", Fixtures.Path("torch_gru_bidi_head"), "-o", model);
        Assert.True(exit == 0, stderr);
        Assert.Contains("GRU bidirectional 1 layer x 4 (input 3) + head 2", stdout, StringComparison.Ordinal);
        Assert.Equal(2, RecurrentModel.Load(model).OutputSize);

        string onnx = Path.Combine(_folder, "exported.onnx");
        (exit, stdout, stderr) = Cli("export", model, "-o", onnx);
        Assert.True(exit == 0, stderr);
        Assert.Contains("ONNX opset 14", stdout, StringComparison.Ordinal);
        Assert.Equal(RecurrentModel.Load(model).Spec, OnnxImporter.Import(onnx).Spec);
    }

    [Fact]
    public void Exporting_a_projection_is_refused_on_one_line()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "pytorch", "lstm_proj.safetensors");
        (int exit, _, string stderr) = Cli("export", path, "-o", Path.Combine(_folder, "proj.onnx"));
        Assert.Equal(CliApp.InputError, exit);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ONNX's LSTM has none", stderr, StringComparison.Ordinal);
    }

    private static (int Exit, string Stdout, string Stderr) Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
