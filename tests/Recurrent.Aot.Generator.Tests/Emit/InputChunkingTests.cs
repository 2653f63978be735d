using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>
/// Run and RunLast precompute layer 0's input half 4 steps at a time where that pays: unidirectional models whose
/// layer 0 holds more than 128 KiB of weights. The random-model parity tests check the numbers.
/// </summary>
public sealed class InputChunkingTests
{
    [Theory]
    [InlineData("[Lstm(InputSize = 32, HiddenSize = 128)]", 512)]
    [InlineData("[Gru(InputSize = 64, HiddenSize = 256, Layers = 2)]", 1024)]
    [InlineData("[Gru(InputSize = 64, HiddenSize = 96, Reset = GruResetConvention.BeforeMatmul)]", 288)]
    [InlineData("[Rnn(InputSize = 160, HiddenSize = 128)]", 128)]
    public void Large_models_run_whole_chunks_through_the_input_projection(string attribute, int rowFloats)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.Contains($"[InlineArray({4 * rowFloats})]", source, StringComparison.Ordinal);
        Assert.Contains("RunChunks(ref w, ref x, ref state, outputs, whole / 4);", source, StringComparison.Ordinal);
        Assert.Contains("RunChunks(ref w, ref x, ref state, Span<float>.Empty, whole / 4);", source, StringComparison.Ordinal);
        Assert.Contains($"StepCoreRecurrent(ref w, ref Unsafe.Add(ref pre, r * {rowFloats}), ref s);", source, StringComparison.Ordinal);
        foreach (string branch in new[] { "V256", "V128", "Scalar" })
        {
            Assert.Contains($"private static void Layer0InputProjection_{branch}(ref float w, ref float x, ref float pre)", source, StringComparison.Ordinal);
            Assert.Contains($"private static void Layer0Recurrent_{branch}(ref float w, ref float pre, ref float h,", source, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 32)]")]
    [InlineData("[Lstm(InputSize = 16, HiddenSize = 64)]")]
    [InlineData("[Lstm(InputSize = 64, HiddenSize = 256, Bidirectional = true)]")]
    [InlineData("[Lstm(InputSize = 64, HiddenSize = 1024)]")]
    public void Other_models_step_through_the_whole_sequence(string attribute)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.DoesNotContain("RunChunks", source, StringComparison.Ordinal);
        Assert.DoesNotContain("InputProjection", source, StringComparison.Ordinal);
    }
}
