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

    [Fact]
    public void A_512_bit_lstm_tile_holds_four_streams_so_a_group_of_eight_takes_two_sub_groups_per_panel()
    {
        string kernel = Method(GeneratorHarness.ModelSource("[Lstm(InputSize = 16, HiddenSize = 128)]"), "Layer0Streams_V512");
        Assert.Contains("16 units × 4 accumulator row(s) × 4 = 16 accumulators", kernel, StringComparison.Ordinal);
        Assert.Contains("for (; done + 4 <= streams; done += 4)", kernel, StringComparison.Ordinal);
        // A group of 2 takes the two-stream tile.
        Assert.Contains("for (; done + 2 <= streams; done += 2)", kernel, StringComparison.Ordinal);
        // Every stream of the tile starts from the bias and gets the same weight vector.
        Assert.Contains("a0_0s3 = a0_0s0", kernel, StringComparison.Ordinal);
        Assert.Contains("a3_0s3 = V512.MultiplyAddEstimate(weight, b", kernel, StringComparison.Ordinal);
    }

    [Fact]
    public void A_256_bit_lstm_tile_holds_two_streams()
    {
        string kernel = Method(GeneratorHarness.ModelSource("[Lstm(InputSize = 16, HiddenSize = 128)]"), "Layer0Streams_V256");
        Assert.Contains("for (; done + 2 <= streams; done += 2)", kernel, StringComparison.Ordinal);
        Assert.DoesNotContain("done + 4", kernel, StringComparison.Ordinal);
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
