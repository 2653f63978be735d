using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>
/// StepBatch runs streams in groups (8, 4 and 2 from 128 units, else 2) through multi-stream kernels (one weight load
/// feeds every stream of a register tile) where that pays: cells of several panels, or the fast activations. The
/// StepBatch_of_1_to_17_streams tests check the numbers.
/// </summary>
public sealed class StreamGroupTests
{
    [Theory]
    [InlineData("[Lstm(InputSize = 16, HiddenSize = 128)]")]
    [InlineData("[Gru(InputSize = 5, HiddenSize = 144)]")]
    [InlineData("[Rnn(InputSize = 3, HiddenSize = 128, Layers = 2)]")]
    public void Models_of_128_units_or_more_step_streams_in_groups_of_8_4_and_2(string attribute)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.Contains("for (; b + 8 <= states.Length; b += 8)", source, StringComparison.Ordinal);
        foreach (int group in new[] { 8, 4, 2 })
        {
            Assert.Contains($"StepCoreStreams(ref w, ref Unsafe.Add(ref x, b * InputSize), ref states[b], {group});", source, StringComparison.Ordinal);
        }
        Assert.Contains("private static void Layer0Streams_V256(", source, StringComparison.Ordinal);
        Assert.Contains("private static void Layer0Streams_V128(", source, StringComparison.Ordinal);
        // The scalar branch runs the one-stream kernel per stream.
        Assert.Contains("Layer0_Scalar(ref w, ref Unsafe.Add(ref x, s * InputSize), ref Unsafe.Add(ref h, s * StateFloats)", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Lstm(InputSize = 16, HiddenSize = 64)]")]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 32, FastActivations = true)]")]
    [InlineData("[Gru(InputSize = 5, HiddenSize = 48)]")]
    [InlineData("[Rnn(InputSize = 3, HiddenSize = 64, Layers = 2)]")]
    public void Smaller_models_with_weight_traffic_step_streams_in_pairs(string attribute)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.Contains("StepCoreStreams(ref w, ref Unsafe.Add(ref x, b * InputSize), ref states[b], 2);", source, StringComparison.Ordinal);
        Assert.DoesNotContain("b + 4 <= states.Length", source, StringComparison.Ordinal);
        Assert.DoesNotContain("done + 4", source, StringComparison.Ordinal);
        Assert.Contains("private static void Layer0Streams_V128(", source, StringComparison.Ordinal);
    }

    /// <summary>
    /// 32 registers: a group of 8 goes through the panel once per tile of 2 gate rows × 8 streams (each weight vector
    /// loaded once for all 8), the sums go to the stack, and the epilogue reads every gate of a unit back.
    /// </summary>
    [Fact]
    public void A_512_bit_lstm_tile_holds_two_gate_rows_of_eight_streams()
    {
        string kernel = Method(GeneratorHarness.ModelSource("[Lstm(InputSize = 16, HiddenSize = 128)]"), "Layer0Streams_V512");
        Assert.Contains("16 units × 2 accumulator row(s) × 8 = 16 accumulators", kernel, StringComparison.Ordinal);
        Assert.Contains("for (; done + 8 <= streams; done += 8)", kernel, StringComparison.Ordinal);
        Assert.Contains("Span<float> preActivations = stackalloc float[512];", kernel, StringComparison.Ordinal);
        // Rows 0, 1 (i, f), then rows 2, 3 (g, o): one loop body, row offsetting the group's rows (16 floats apart);
        // every stream of the tile gets the same weight vector.
        Assert.Contains("// Accumulator rows 0, 1, then 2, 3 of every unit of the panel, one group per iteration, for the 8 streams", kernel, StringComparison.Ordinal);
        Assert.Contains("for (nuint row = 0; row < 64; row += 32)", kernel, StringComparison.Ordinal);
        Assert.Contains("a1_0s7 = V512.MultiplyAddEstimate(weight, b", kernel, StringComparison.Ordinal);
        Assert.DoesNotContain("a3_0s7", kernel, StringComparison.Ordinal);
        // Stream 7's second row of the group (f, then o) goes to [7][1 + row / 16][0..15] of pre, and its epilogue reads it
        // back from its block.
        Assert.Contains("V512.StoreUnsafe(a1_0s7, ref pre, (nuint)(464 + row));", kernel, StringComparison.Ordinal);
        Assert.Contains("ref float pre_s = ref Unsafe.Add(ref pre, s * 64);", kernel, StringComparison.Ordinal);
        Assert.Contains("V512.LoadUnsafe(ref pre_s, (nuint)(48))", kernel, StringComparison.Ordinal);
        // Groups of 4 and 2 keep every gate row of a unit in registers and run the epilogue on them.
        Assert.Contains("16 units × 4 accumulator row(s) × 4 = 16 accumulators", kernel, StringComparison.Ordinal);
        Assert.Contains("for (; done + 4 <= streams; done += 4)", kernel, StringComparison.Ordinal);
        Assert.Contains("for (; done + 2 <= streams; done += 2)", kernel, StringComparison.Ordinal);
        Assert.Contains("a0_0s3 = a0_0s0", kernel, StringComparison.Ordinal);
    }

    /// <summary>
    /// A GRU's second pair of accumulator rows takes one row of each section (n from x, n from h), not the first pair's
    /// two rows shifted: its code differs, so the two groups are written out one after the other.
    /// </summary>
    [Fact]
    public void A_gru_tile_writes_out_its_two_groups_of_gate_rows()
    {
        string kernel = Method(GeneratorHarness.ModelSource("[Gru(InputSize = 5, HiddenSize = 144)]"), "Layer0Streams_V512");
        Assert.Contains("// Accumulator row(s) 0, 1 of every unit of the panel, for the 8 streams", kernel, StringComparison.Ordinal);
        Assert.Contains("// Accumulator row(s) 2, 3 of every unit of the panel, for the 8 streams", kernel, StringComparison.Ordinal);
        Assert.DoesNotContain("nuint row", kernel, StringComparison.Ordinal);
    }

    /// <summary>16 registers: 2 gate rows × 4 streams, so a group of 8 reads each weight twice (four times before).</summary>
    [Fact]
    public void A_256_bit_lstm_tile_holds_two_gate_rows_of_four_streams()
    {
        string kernel = Method(GeneratorHarness.ModelSource("[Lstm(InputSize = 16, HiddenSize = 128)]"), "Layer0Streams_V256");
        Assert.Contains("8 units × 2 accumulator row(s) × 4 = 8 accumulators", kernel, StringComparison.Ordinal);
        Assert.Contains("for (; done + 4 <= streams; done += 4)", kernel, StringComparison.Ordinal);
        Assert.DoesNotContain("done + 8", kernel, StringComparison.Ordinal);
        Assert.DoesNotContain("AdvSimd", kernel, StringComparison.Ordinal);
    }

    /// <summary>
    /// The 128-bit branch is x64 without AVX2 (16 registers) and ARM64 NEON (32): where AdvSimd is supported (a JIT-time
    /// constant) it calls its own method tiled for 32 registers for a group of 8, so ARM64 gets the 8-stream tile and
    /// x64 the one that does not spill.
    /// </summary>
    [Theory]
    [InlineData("[Lstm(InputSize = 16, HiddenSize = 128)]")]
    [InlineData("[Gru(InputSize = 5, HiddenSize = 144)]")]
    public void The_128_bit_branch_takes_the_arm64_tile_when_advsimd_is_supported(string attribute)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        string x64 = Method(source, "Layer0Streams_V128"), arm = Method(source, "Layer0Streams_V128Arm");
        // Groups of 8 only: the smaller ones are remainders, and the x64 tiles serve them on ARM64 too.
        Assert.Contains("if (global::System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported && streams == 8)", x64, StringComparison.Ordinal);
        Assert.Contains("Layer0Streams_V128Arm(ref w, ref x, ref h, ref c, ref hOut, streams", x64, StringComparison.Ordinal);
        Assert.Contains("4 units × 2 accumulator row(s) × 4 = 8 accumulators", x64, StringComparison.Ordinal);
        Assert.DoesNotContain("done + 8", x64, StringComparison.Ordinal);
        Assert.Contains("4 units × 2 accumulator row(s) × 8 = 16 accumulators", arm, StringComparison.Ordinal);
        Assert.Contains("for (; done + 8 <= streams; done += 8)", arm, StringComparison.Ordinal);
    }

    [Fact]
    public void An_rnn_tile_holds_eight_streams_on_512_bits()
    {
        string kernel = Method(GeneratorHarness.ModelSource("[Rnn(InputSize = 3, HiddenSize = 128, Layers = 2)]"), "Layer1Streams_V512");
        Assert.Contains("for (; done + 8 <= streams; done += 8)", kernel, StringComparison.Ordinal);
        // Above layer 0 the input is the layer below's new h, one State further per stream.
        Assert.Contains("(7 * StateFloats) + 0)", kernel, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 32)]")]
    [InlineData("[Gru(InputSize = 5, HiddenSize = 48, Reset = RecurrentGruResetMode.BeforeMatmul)]")]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 64, ProjSize = 16)]")]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 64, Bidirectional = true)]")]
    public void Other_models_step_streams_one_at_a_time(string attribute)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.DoesNotContain("Layer0Streams", source, StringComparison.Ordinal);
        Assert.DoesNotContain("StepCoreStreams", source, StringComparison.Ordinal);
    }

    /// <summary>The text of one emitted method, from its signature to the next method's summary.</summary>
    private static string Method(string source, string name)
    {
        int start = source.IndexOf($"private static void {name}(", StringComparison.Ordinal);
        Assert.True(start >= 0, name + " not emitted");
        int end = source.IndexOf("/// <summary>", start, StringComparison.Ordinal);
        return source[start..(end < 0 ? source.Length : end)];
    }
}
