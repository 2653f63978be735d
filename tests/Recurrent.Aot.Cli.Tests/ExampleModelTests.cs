using Recurrent.Aot.Cli.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Tests;

/// <summary>The README's "run the example" command, on the committed files, against PyTorch's answer.</summary>
public class ExampleModelTests
{
    [Fact]
    public void Readme_command_reproduces_PyTorch_and_prints_one_summary_line()
    {
        using var temp = new TempDirectory();

        CliResult result = CliRunner.Run(
            "run", Fixtures.Sample("example-lstm.safetensors"),
            "--input", Fixtures.Sample("example-input.npy"),
            "--output", temp.File("out.npy")).AssertSucceeded();

        NpyArray expected = Npy.Read(Fixtures.Sample("example-expected-output.npy"));
        Fixtures.AssertClose(expected.Data, expected.Shape, Npy.Read(temp.File("out.npy")), 1e-5f, "example output");
        string line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("LSTM 2 layers x 16 (input 4) + head 1: 50 steps x 1 stream", line, StringComparison.Ordinal);
        Assert.Contains("(50, 1, 1)", line, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }
}
