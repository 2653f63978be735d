using Recurrent.Aot.Cli;
using Recurrent.Aot.Interop.Keras;

namespace Recurrent.Aot.Interop.Tests.Keras;

/// <summary>
/// <c>recurrent import</c> on every Keras fixture (a weights-only file with <c>--config</c>): the written file runs
/// as Keras does (the same check as the importer's own parity tests, on the CLI's output file).
/// </summary>
public sealed class KerasCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raot-keras-cli-" + Guid.NewGuid().ToString("N"));

    public KerasCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Names() => KerasFixture.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Import_writes_a_file_that_runs_as_keras_does(string name)
    {
        KerasFixture fixture = KerasFixture.Get(name);
        string target = Path.Combine(_folder, name + ".safetensors");
        List<string> args = ["import", fixture.ModelPath, "-o", target];
        if (fixture.ConfigPath is { } config)
            args.AddRange(["--config", config]);

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = CliApp.Run([.. args], stdout, stderr);

        Assert.True(exit == CliApp.Success, stderr.ToString());
        Assert.Contains($"imported from {Path.GetFileName(fixture.ModelPath)}", stdout.ToString(), StringComparison.Ordinal);
        KerasOutput kind = fixture.Import().Output;
        Assert.True(KerasRun.MaxError(File.ReadAllBytes(target), kind, fixture) <= 1e-5, $"{name}: the imported file does not run as Keras does");
    }

    [Fact]
    public void A_config_with_an_onnx_model_is_refused()
    {
        KerasFixture fixture = KerasFixture.All.First(f => f.ConfigPath is not null);
        string onnx = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(onnx, [0x08, 0x07]);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = CliApp.Run(["import", onnx, "--config", fixture.ConfigPath!, "-o", Path.Combine(_folder, "out.safetensors")], stdout, stderr);
        Assert.Equal(CliApp.InputError, exit);
        Assert.Contains("only read with a Keras weights file", stderr.ToString(), StringComparison.Ordinal);
    }
}
