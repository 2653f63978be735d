using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>
/// Run and RunLast precompute a cell's input half 4 steps at a time where that pays (cells of more than 512 KiB of
/// weights), and run stacked unidirectional models in blocks of steps layer by layer. The random-model parity
/// tests check the numbers.
/// </summary>
public sealed class InputChunkingTests
{
    [Theory]
    [InlineData("[Lstm(InputSize = 64, HiddenSize = 256)]", 1024)]
    [InlineData("[Gru(InputSize = 64, HiddenSize = 256, Layers = 2)]", 1024)]
    [InlineData("[Gru(InputSize = 64, HiddenSize = 192, Reset = RecurrentGruResetMode.BeforeMatmul)]", 576)]
    [InlineData("[Rnn(InputSize = 256, HiddenSize = 288)]", 288)]
    public void Large_models_run_whole_chunks_through_the_input_projection(string attribute, int rowFloats)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.Contains($"[InlineArray({4 * rowFloats})]", source, StringComparison.Ordinal);
        Assert.Contains("RunChunks(ref w, ref x, ref state, outputs, whole);", source, StringComparison.Ordinal);
        Assert.Contains("RunChunks(ref w, ref x, ref state, Span<float>.Empty, whole);", source, StringComparison.Ordinal);
        Assert.Contains($"Layer0Recurrent(ref Unsafe.Add(ref w, 0), ref Unsafe.Add(ref pre, r * {rowFloats}), ", source, StringComparison.Ordinal);
        foreach (string branch in new[] { "V256", "V128", "Scalar" })
        {
            Assert.Contains($"private static void Layer0InputProjection_{branch}(ref float w, ref float x, ref float pre)", source, StringComparison.Ordinal);
            Assert.Contains($"private static void Layer0Recurrent_{branch}(ref float w, ref float pre, ref float h,", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Stacked_models_run_blocks_layer_by_layer_and_chunk_every_large_layer()
    {
        string source = GeneratorHarness.ModelSource("[Lstm(InputSize = 64, HiddenSize = 256, Layers = 2, ProjSize = 128)]");
        // 16 steps of layer 0's outputs (128 floats each) carried to layer 1.
        Assert.Contains("[InlineArray(2048)]", source, StringComparison.Ordinal);
        Assert.Contains("for (int t0 = 0; t0 < steps; t0 += 16)", source, StringComparison.Ordinal);
        Assert.Contains("Layer0InputProjection(ref Unsafe.Add(ref w, 0), ref Unsafe.Add(ref x, (t0 + q) * InputSize), ref pre);", source, StringComparison.Ordinal);
        Assert.Contains("), ref Unsafe.Add(ref seq, q * 128), ref pre);", source, StringComparison.Ordinal);
        Assert.Contains("MemoryMarshal.CreateReadOnlySpan(ref hNew, 128).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref seq, (q + r) * 128), 128));", source, StringComparison.Ordinal);
        Assert.Contains("ProjectOutput(ref w, ref hNew, outputs.Slice((t0 + q + r) * OutputSize, OutputSize));", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 32, Layers = 2)]", 32)]
    [InlineData("[Gru(InputSize = 16, HiddenSize = 64, Layers = 3)]", 64)]
    public void Small_stacked_models_run_blocks_layer_by_layer_without_projections(string attribute, int hidden)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.Contains("RunChunks(ref w, ref x, ref state, outputs, whole);", source, StringComparison.Ordinal);
        Assert.Contains($"[InlineArray({16 * hidden})]", source, StringComparison.Ordinal);
        Assert.Contains($"ref Unsafe.Add(ref seq, (q + r) * {hidden})", source, StringComparison.Ordinal);
        Assert.DoesNotContain("InputProjection", source, StringComparison.Ordinal);
        Assert.DoesNotContain("InputChunk", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Bidirectional_models_chunk_every_large_cell_in_both_directions()
    {
        string source = GeneratorHarness.ModelSource("[Lstm(InputSize = 64, HiddenSize = 256, Layers = 2, Bidirectional = true)]");
        Assert.Contains("for (int t0 = 0; t0 < whole; t0 += 4)", source, StringComparison.Ordinal);
        Assert.Contains("for (int t0 = whole - 4; t0 >= 0; t0 -= 4)", source, StringComparison.Ordinal);
        foreach (string cell in new[] { "Layer0", "Layer0Reverse", "Layer1", "Layer1Reverse" })
        {
            Assert.Contains($"{cell}InputProjection(ref Unsafe.Add(ref w, ", source, StringComparison.Ordinal);
            Assert.Contains($"{cell}Recurrent(ref Unsafe.Add(ref w, ", source, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("RunChunks", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 32)]")]
    [InlineData("[Lstm(InputSize = 16, HiddenSize = 64)]")]
    [InlineData("[Lstm(InputSize = 32, HiddenSize = 128)]")]
    [InlineData("[Lstm(InputSize = 16, HiddenSize = 64, Bidirectional = true)]")]
    [InlineData("[Lstm(InputSize = 64, HiddenSize = 1024)]")]
    public void Other_models_step_through_the_whole_sequence(string attribute)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.DoesNotContain("RunChunks", source, StringComparison.Ordinal);
        Assert.DoesNotContain("InputProjection", source, StringComparison.Ordinal);
    }
}
