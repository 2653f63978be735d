using System.Globalization;
using Recurrent.Aot.Cli.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Tests;

/// <summary><c>recurrent quantize</c> and what <c>inspect</c> shows of a reduced file.</summary>
public class QuantizeTests
{
    [Theory]
    [InlineData("bfloat16", "BF16", "bfloat16")]
    [InlineData("int8", "I8", "int8 (per-row float32 scales)")]
    public void Quantize_writes_a_file_that_loads_at_its_precision_and_inspect_shows_it(string precision, string dtype, string shown)
    {
        using var temp = new TempDirectory();
        string source = Fixtures.PyTorch("lstm_head_softmax");
        string target = temp.File("reduced.safetensors");

        string stdout = CliRunner.Run("quantize", source, target, "--precision", precision).AssertSucceeded().Stdout;

        Assert.Contains($"{target}: {shown} weights written", stdout, StringComparison.Ordinal);
        SafeTensorsFile original = SafeTensorsFile.Load(source);
        SafeTensorsFile file = SafeTensorsFile.Load(target);
        Assert.Equal(dtype, file.GetTensor("lstm.weight_hh_l1").DType.ToString());
        Assert.Equal(dtype, file.GetTensor("fc.weight").DType.ToString());
        Assert.Equal(precision, file.Metadata[RecurrentMetadataKeys.WeightPrecision]);
        Assert.Equal(original.Metadata[RecurrentMetadataKeys.Head], file.Metadata[RecurrentMetadataKeys.Head]);
        Assert.Equal(original.ReadFloat32("test.input"), file.ReadFloat32("test.input"));

        WeightPrecision asked = precision == "int8" ? WeightPrecision.Int8 : WeightPrecision.BFloat16;
        RecurrentModel model = RecurrentModel.Load(target, new ModelLoadOptions { WeightPrecision = asked });
        Assert.Equal(asked, model.WeightPrecision);

        string inspect = CliRunner.Run("inspect", target).AssertSucceeded().Stdout;
        AssertLine(inspect, "weight precision", shown);
        long bytes = file.Tensors.Where(t => t.Name.Contains("weight", StringComparison.Ordinal)).Sum(t => t.Length);
        AssertLine(inspect, "weight bytes", bytes.ToString("N0", CultureInfo.InvariantCulture) + " (weight matrices as stored, scales included)");
        string original32 = CliRunner.Run("inspect", source).AssertSucceeded().Stdout;
        AssertLine(original32, "weight precision", "float32");
        Assert.Equal(ParameterLine(original32), ParameterLine(inspect));
    }

    [Fact]
    public void An_already_reduced_file_is_refused()
    {
        using var temp = new TempDirectory();
        string once = temp.File("once.safetensors");
        CliRunner.Run("quantize", Fixtures.PyTorch("gru_1layer"), once, "--precision", "bfloat16").AssertSucceeded();

        CliRunner.Run("quantize", once, temp.File("twice.safetensors"), "--precision", "int8")
            .AssertError(CliApp.InputError, "once.safetensors", "already bfloat16", "float32 original");
        Assert.False(File.Exists(temp.File("twice.safetensors")));
    }

    [Fact]
    public void An_unknown_precision_is_a_usage_error()
        => CliRunner.Run("quantize", Fixtures.PyTorch("gru_1layer"), "out.safetensors", "--precision", "int4")
            .AssertError(CliApp.UsageError, "int4");

    private static string ParameterLine(string text) => text.Split('\n').Single(l => l.TrimStart().StartsWith("parameters", StringComparison.Ordinal)).Trim();

    private static void AssertLine(string text, string label, string value) =>
        Assert.Matches($@"(?m)^\s*{System.Text.RegularExpressions.Regex.Escape(label)}\s+{System.Text.RegularExpressions.Regex.Escape(value)}\s*$", text);
}
