using System.Runtime.CompilerServices;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Sample;

/// <summary>
/// The NativeAOT sample's model code (samples/Recurrent.Aot.Sample), generated and run here exactly as the
/// sample compiles it: embedded weights from an AdditionalFiles item and a shape-only model loaded at run time,
/// both against PyTorch's output for the README's example, with zero allocations per step.
/// </summary>
public sealed class SampleTests
{
    [Fact]
    public void Sample_models_match_pytorch_and_do_not_allocate()
    {
        string repo = RepositoryRoot();
        string sample = Path.Combine(repo, "samples", "Recurrent.Aot.Sample");
        string models = Path.Combine(repo, "samples", "models");
        var compilation = GeneratorHarness.Compilation(
            true,
            File.ReadAllText(Path.Combine(sample, "Models.cs")),
            File.ReadAllText(Path.Combine(sample, "SineDemo.cs")),
            "global using System;\nglobal using System.IO;\n");
        var (result, output) = GeneratorHarness.Run(compilation, Path.Combine(models, "example-lstm.safetensors"));
        Assert.Empty(result.Diagnostics);
        var assembly = GeneratorHarness.Load(output);
        var demo = assembly.GetType("Recurrent.Aot.Sample.SineDemo")!;
        object outcome = demo.GetMethod("Run")!.Invoke(null, new object[] { models })!;
        float embedded = (float)outcome.GetType().GetProperty("EmbeddedError")!.GetValue(outcome)!;
        float loaded = (float)outcome.GetType().GetProperty("LoadedError")!.GetValue(outcome)!;
        long bytes = (long)outcome.GetType().GetProperty("BytesAllocated")!.GetValue(outcome)!;
        Assert.True(embedded <= 1e-5f, $"embedded model differs from PyTorch by {embedded}");
        Assert.True(loaded <= 1e-5f, $"loaded model differs from PyTorch by {loaded}");
        Assert.Equal(0L, bytes);
    }

    private static string RepositoryRoot([CallerFilePath] string path = "")
    {
        string? folder = Path.GetDirectoryName(path);
        while (folder is not null && !File.Exists(Path.Combine(folder, "Recurrent.Aot.sln")))
        {
            folder = Path.GetDirectoryName(folder);
        }
        return folder ?? throw new InvalidOperationException("No Recurrent.Aot.sln above " + path);
    }
}
