using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Recurrent.Aot.Generator.Tests.Support;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Sample;

/// <summary>
/// The encoder–decoder sample's code (samples/encoder-decoder/ReverseDigits: Models.cs and Reverser.cs), generated
/// from its committed models as its project compiles it and run here on every SIMD path: the same digits as greedy
/// decoding with the runtime's RecurrentModel, the accuracy the app requires, and no allocation per string.
/// </summary>
public sealed class EncoderDecoderSampleTests(ITestOutputHelper output)
{
    private const string Driver = """
        namespace ReverseDigits;

        public static class TestDriver
        {
            public static string Reverse(string digits)
            {
                var reversed = new char[digits.Length];
                Reverser.Reverse(digits, reversed);
                return new string(reversed);
            }

            public static string ReverseWithGenerate(string digits)
            {
                var reversed = new char[digits.Length];
                Reverser.ReverseWithGenerate(digits, reversed);
                return new string(reversed);
            }

            public static long Allocated(string[] strings)
            {
                var reversed = new char[64];
                foreach (string s in strings) Reverser.Reverse(s, reversed);
                long before = System.GC.GetAllocatedBytesForCurrentThread();
                foreach (string s in strings) Reverser.Reverse(s, reversed);
                return System.GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        """;

    [Fact]
    public void Generated_sample_reverses_as_the_runtime_without_allocating()
    {
        string sample = Path.Combine(RepositoryRoot(), "samples", "encoder-decoder");
        string app = Path.Combine(sample, "ReverseDigits");
        string encoderPath = Path.Combine(sample, "models", "encoder.safetensors");
        string decoderPath = Path.Combine(sample, "models", "decoder.safetensors");
        var compilation = GeneratorHarness.Compilation(
            true,
            File.ReadAllText(Path.Combine(app, "Models.cs")),
            File.ReadAllText(Path.Combine(app, "Reverser.cs")),
            Driver,
            "global using System;\n");
        GeneratorHarness.Driver([encoderPath, decoderPath], projectFolder: app + Path.DirectorySeparatorChar)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var diagnostics);
        Assert.Empty(diagnostics);
        var driver = GeneratorHarness.Load(generated).GetType("ReverseDigits.TestDriver")!;

        var encoder = RecurrentModel.Load(encoderPath);
        var decoder = RecurrentModel.Load(decoderPath);
        var random = new Random(11);
        string[] strings = [.. Enumerable.Range(0, 500).Select(_ => new string([.. Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (char)('0' + random.Next(10)))]))];
        int exact = 0, exactGenerate = 0;
        foreach (string s in strings)
        {
            string expected = RuntimeGreedy(encoder, decoder, s);
            string actual = Call<string>(driver, "Reverse", s);
            Assert.True(expected == actual, $"{s}: generated {actual}, runtime {expected}");
            string truth = new([.. s.Reverse()]);
            exact += actual == truth ? 1 : 0;
            exactGenerate += Call<string>(driver, "ReverseWithGenerate", s) == truth ? 1 : 0;
        }
        output.WriteLine($"exact: greedy {exact} of {strings.Length}, Generate {exactGenerate}");
        Assert.True(exact >= 0.98 * strings.Length, $"only {exact} of {strings.Length} strings reversed exactly");
        Assert.Equal(0L, Call<long>(driver, "Allocated", (object)strings));
    }

    /// <summary>The sample's decoding with the runtime: one state array serves the encoder, then the decoder.</summary>
    private static string RuntimeGreedy(RecurrentModel encoder, RecurrentModel decoder, string digits)
    {
        var inputs = new float[digits.Length * 10];
        for (int i = 0; i < digits.Length; i++)
        {
            inputs[(i * 10) + digits[i] - '0'] = 1f;
        }
        var state = new float[encoder.StateSize];
        encoder.RunLast(inputs, state, new float[encoder.OutputSize], encoder.CreateWorkspace(digits.Length));
        var x = new float[10];
        var y = new float[10];
        var reversed = new char[digits.Length];
        for (int t = 0; t < digits.Length; t++)
        {
            decoder.Step(x, state, y);
            int best = Array.IndexOf(y, y.Max());
            reversed[t] = (char)('0' + best);
            Array.Clear(x);
            x[best] = 1f;
        }
        return new string(reversed);
    }

    private static T Call<T>(Type driver, string method, params object[] args) => (T)driver.GetMethod(method)!.Invoke(null, args)!;

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
