using System.Diagnostics;
using System.Reflection;
using Recurrent.Aot.Generator.Tests.Parity;
using Recurrent.Aot.Generator.Tests.Support;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>
/// Generated methods stay far inside the JIT's limits (DESIGN.md §5: ~60,000 bytes of IL), and the
/// generated source size and generation time for large models are measured and printed.
/// </summary>
public sealed class GeneratedSizeTests(ITestOutputHelper output)
{
    /// <summary>A fifth of the JIT's limit.</summary>
    private const int MaxMethodIl = 12_000;

    [Fact]
    public void Largest_generated_method_for_hidden_256_is_well_inside_the_jit_limit()
    {
        var (result, compilation) = GeneratorHarness.Run("""
            using Recurrent.Aot.Generation;
            namespace Demo;
            [Lstm(InputSize = 64, HiddenSize = 256, Layers = 2)]
            public sealed partial class Big;
            [Gru(InputSize = 256, HiddenSize = 256, Layers = 2, Bidirectional = true, Reset = RecurrentGruResetMode.BeforeMatmul)]
            public sealed partial class BigGru;
            [Lstm(InputSize = 16, HiddenSize = 256, ProjSize = 128, HeadSize = 10)]
            public sealed partial class BigProjected;
            """);
        Assert.Empty(result.Diagnostics);
        var assembly = GeneratorHarness.Load(compilation);
        var sizes = new List<(string Method, int Bytes)>();
        foreach (var type in assembly.GetTypes().Where(t => t.Namespace == "Demo"))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                int bytes = method.GetMethodBody()?.GetILAsByteArray()?.Length ?? 0;
                sizes.Add((type.Name + "." + method.Name, bytes));
            }
        }
        var largest = sizes.OrderByDescending(s => s.Bytes).Take(5).ToList();
        foreach (var (method, bytes) in largest)
        {
            output.WriteLine($"{method}: {bytes} bytes of IL");
        }
        Assert.True(largest[0].Bytes <= MaxMethodIl, $"{largest[0].Method} has {largest[0].Bytes} bytes of IL (limit {MaxMethodIl})");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(256)]
    public void Source_size_stays_bounded_as_the_hidden_size_grows(int hidden)
    {
        var (result, _) = GeneratorHarness.Run($$"""
            using Recurrent.Aot.Generation;
            namespace Demo;
            [Lstm(InputSize = 16, HiddenSize = {{hidden}})]
            public sealed partial class Sized;
            """);
        int length = GeneratorHarness.ModelSources(result).Single().SourceText.Length;
        output.WriteLine($"LSTM input 16, hidden {hidden}: {length:N0} characters of generated source");
        // The kernels loop over panels: more hidden units add iterations, not code. (From two panels on, the
        // multi-stream kernels of StepBatch come on top, and from 128 units their tiles for groups of 8 and 4,
        // including the 128-bit kernel tiled for ARM64's 32 registers; their columns are loops of two, and the tiles
        // that store to pre loop over their sub-tiles and groups of gate rows.)
        Assert.InRange(length, 10_000, 350_000);
    }

    [Fact]
    public void Embedding_a_two_layer_hidden_256_lstm_generates_and_compiles()
    {
        string folder = Path.Combine(Path.GetTempPath(), "raot-big-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var model = new RandomModel("Big256", "lstm", 64, 256, 2, false, 0, 0, "");
            string path = model.Write(folder);
            var watch = Stopwatch.StartNew();
            var (result, compilation) = GeneratorHarness.Run("""
                using Recurrent.Aot.Generation;
                namespace Demo;
                [RecurrentModel("Big256.safetensors")]
                public static partial class Big;
                """, path);
            var generate = watch.Elapsed;
            Assert.Empty(result.Diagnostics);
            int length = GeneratorHarness.ModelSources(result).Single().SourceText.Length;
            watch.Restart();
            using var stream = new MemoryStream();
            var emit = compilation.Emit(stream);
            var compile = watch.Elapsed;
            Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Take(5)));
            output.WriteLine($"2-layer LSTM, input 64, hidden 256 ({new FileInfo(path).Length:N0}-byte file): generator {generate.TotalSeconds:F1} s, {length:N0} characters; compiling it {compile.TotalSeconds:F1} s, assembly {stream.Length:N0} bytes");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
