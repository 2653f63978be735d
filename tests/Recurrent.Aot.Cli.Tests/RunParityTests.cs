using Recurrent.Aot.Cli.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Tests;

/// <summary>
/// <c>recurrent run</c> on the PyTorch fixtures: the fixture's input (and h0/c0) go out as .npy files,
/// and the command's output, h_n and c_n must match PyTorch's within 1e-5.
/// </summary>
public class RunParityTests
{
    private const float Tolerance = 1e-5f;

    /// <summary>Every PyTorch fixture on disk: a case the fixture script adds is run here too.</summary>
    public static TheoryData<string> PyTorchCases() => CasesIn(Path.GetDirectoryName(Fixtures.PyTorch("any"))!);

    /// <summary>Every numpy-reference fixture: options PyTorch lacks, set through the file's metadata.</summary>
    public static TheoryData<string> ReferenceCases() => CasesIn(Path.GetDirectoryName(Fixtures.Reference("any"))!);

    [Theory]
    [MemberData(nameof(PyTorchCases))]
    public void Matches_PyTorch(string caseName) => AssertRunMatches(Fixtures.PyTorch(caseName));

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Applies_the_options_in_the_file_metadata(string caseName) => AssertRunMatches(Fixtures.Reference(caseName));

    [Theory]
    // Every cell kind and single cells, a module saved without prefix, two layers, bidirectional,
    // projection, given h0/c0, batch > 1, batch-first, a head, half-precision weights.
    [InlineData("lstm_1layer")]
    [InlineData("gru_1layer")]
    [InlineData("rnn_tanh_1layer")]
    [InlineData("rnn_relu_1layer")]
    [InlineData("lstm_cell")]
    [InlineData("gru_cell")]
    [InlineData("rnn_tanh_cell")]
    [InlineData("lstm_2layer_batch3_state")]
    [InlineData("gru_2layer_batch2_state")]
    [InlineData("lstm_bidi_2layer_state")]
    [InlineData("rnn_tanh_bidi_2layer_state")]
    [InlineData("lstm_proj_bidi")]
    [InlineData("lstm_batch_first")]
    [InlineData("gru_batch_first")]
    [InlineData("lstm_head_softmax")]
    [InlineData("gru_f16_weights")]
    [InlineData("lstm_bf16_weights")]
    public void Required_cases_are_among_the_fixtures(string caseName)
    {
        Assert.True(File.Exists(Fixtures.PyTorch(caseName)), $"fixture {caseName} is missing: the parity theory would not cover it");
        Assert.Contains(caseName, PyTorchCases().Select((object[] row) => (string)row[0]));
    }

    [Fact]
    public void Unbatched_two_dimensional_input_gives_two_dimensional_results()
    {
        using var temp = new TempDirectory();
        SafeTensorsFile file = SafeTensorsFile.Load(Fixtures.PyTorch("lstm_proj"));
        // lstm_proj runs one stream: drop the batch dimension of its input and initial state.
        float[] input = file.ReadFloat32("test.input");
        int[] inputShape = file.GetTensor("test.input").Shape;
        Npy.Write(temp.File("x.npy"), input, inputShape[0], inputShape[2]);
        int[] h0Shape = file.GetTensor("test.h0").Shape;
        Npy.Write(temp.File("h0.npy"), file.ReadFloat32("test.h0"), h0Shape[0], h0Shape[2]);
        int[] c0Shape = file.GetTensor("test.c0").Shape;
        Npy.Write(temp.File("c0.npy"), file.ReadFloat32("test.c0"), c0Shape[0], c0Shape[2]);

        CliRunner.Run("run", Fixtures.PyTorch("lstm_proj"), "--input", temp.File("x.npy"), "--output", temp.File("y.npy"),
            "--h0", temp.File("h0.npy"), "--c0", temp.File("c0.npy"), "--hn", temp.File("hn.npy")).AssertSucceeded();

        int[] outputShape = file.GetTensor("test.output").Shape;
        Fixtures.AssertClose(file.ReadFloat32("test.output"), [outputShape[0], outputShape[2]], Npy.Read(temp.File("y.npy")), Tolerance, "output");
        int[] hnShape = file.GetTensor("test.h_n").Shape;
        Fixtures.AssertClose(file.ReadFloat32("test.h_n"), [hnShape[0], hnShape[2]], Npy.Read(temp.File("hn.npy")), Tolerance, "h_n");
    }

    [Fact]
    public void Nonlinearity_option_overrides_the_metadata()
    {
        using var temp = new TempDirectory();
        string model = Fixtures.PyTorch("rnn_relu_1layer");
        SafeTensorsFile file = SafeTensorsFile.Load(model);
        string input = Fixtures.ExportNpy(file, "test.input", temp.File("x.npy"));

        CliRunner.Run("run", model, "--input", input, "--output", temp.File("relu.npy"), "--nonlinearity", "relu").AssertSucceeded();
        CliRunner.Run("run", model, "--input", input, "--output", temp.File("tanh.npy"), "--nonlinearity", "tanh").AssertSucceeded();

        float[] expected = file.ReadFloat32("test.output");
        Fixtures.AssertClose(expected, file.GetTensor("test.output").Shape, Npy.Read(temp.File("relu.npy")), Tolerance, "relu");
        float[] tanh = Npy.Read(temp.File("tanh.npy")).Data;
        Assert.True(expected.Zip(tanh, (a, b) => MathF.Abs(a - b)).Max() > 1e-3f, "tanh should change the results of a relu RNN");
        Assert.All(tanh, value => Assert.InRange(value, -1f, 1f));
    }

    [Fact]
    public void Float64_input_is_accepted()
    {
        using var temp = new TempDirectory();
        string model = Fixtures.PyTorch("gru_1layer");
        SafeTensorsFile file = SafeTensorsFile.Load(model);
        TensorInfo input = file.GetTensor("test.input");
        WriteFloat64Npy(temp.File("x64.npy"), file.ReadFloat32("test.input"), input.Shape);

        CliRunner.Run("run", model, "--input", temp.File("x64.npy"), "--output", temp.File("y.npy")).AssertSucceeded();

        Fixtures.AssertClose(file.ReadFloat32("test.output"), file.GetTensor("test.output").Shape, Npy.Read(temp.File("y.npy")), Tolerance, "output");
    }

    private static TheoryData<string> CasesIn(string directory)
    {
        var cases = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(directory, "*.safetensors").Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileNameWithoutExtension(file));
        }

        return cases;
    }

    private static void AssertRunMatches(string model)
    {
        using var temp = new TempDirectory();
        SafeTensorsFile file = SafeTensorsFile.Load(model);
        bool isLstm = file.TryGetTensor("test.c_n", out _);
        var args = new List<string>
        {
            "run", model,
            "--input", Fixtures.ExportNpy(file, "test.input", temp.File("input.npy")),
            "--output", temp.File("output.npy"),
            "--hn", temp.File("hn.npy"),
        };
        if (isLstm)
        {
            args.AddRange(["--cn", temp.File("cn.npy")]);
        }

        if (Fixtures.Flag(file, "test.has_h0"))
        {
            args.AddRange(["--h0", Fixtures.ExportNpy(file, "test.h0", temp.File("h0.npy"))]);
            if (isLstm)
            {
                args.AddRange(["--c0", Fixtures.ExportNpy(file, "test.c0", temp.File("c0.npy"))]);
            }
        }

        if (Fixtures.Flag(file, "test.batch_first"))
        {
            args.Add("--batch-first");
        }

        CliResult result = CliRunner.Run([.. args]).AssertSucceeded();

        string expectedOutput = file.TryGetTensor("test.head_output", out _) ? "test.head_output" : "test.output";
        Fixtures.AssertClose(file.ReadFloat32(expectedOutput), file.GetTensor(expectedOutput).Shape, Npy.Read(temp.File("output.npy")), Tolerance, "output");
        Fixtures.AssertClose(file.ReadFloat32("test.h_n"), file.GetTensor("test.h_n").Shape, Npy.Read(temp.File("hn.npy")), Tolerance, "h_n");
        if (isLstm)
        {
            Fixtures.AssertClose(file.ReadFloat32("test.c_n"), file.GetTensor("test.c_n").Shape, Npy.Read(temp.File("cn.npy")), Tolerance, "c_n");
        }

        Assert.Contains(temp.File("output.npy"), result.Stdout, StringComparison.Ordinal);
    }

    private static void WriteFloat64Npy(string path, float[] data, int[] shape)
    {
        // Npy writes float32 only; build a '<f8' file by hand, as numpy would.
        string dict = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}), }}";
        string header = dict.PadRight(128 - 10 - 1) + "\n";
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        writer.Write((ushort)header.Length);
        writer.Write(System.Text.Encoding.ASCII.GetBytes(header));
        foreach (float value in data)
        {
            writer.Write((double)value);
        }
    }
}
