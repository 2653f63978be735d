using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>
/// StepBatch runs streams two at a time through two-stream kernels (one weight load feeds both streams) where
/// that pays: cells of several panels, or the fast activations. The random-model parity tests check the numbers.
/// </summary>
public sealed class StreamPairTests
{
    [Theory]
    [InlineData("[Lstm(InputSize = 16, HiddenSize = 64)]")]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 32, FastActivations = true)]")]
    [InlineData("[Gru(InputSize = 5, HiddenSize = 48)]")]
    [InlineData("[Rnn(InputSize = 3, HiddenSize = 64, Layers = 2)]")]
    public void Models_with_weight_traffic_step_streams_in_pairs(string attribute)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.Contains("StepCorePair(ref w, ref Unsafe.Add(ref x, b * InputSize), ref states[b]", source, StringComparison.Ordinal);
        Assert.Contains("private static void Layer0Pair_V512(", source, StringComparison.Ordinal);
        Assert.Contains("private static void Layer0Pair_V128(", source, StringComparison.Ordinal);
        // The scalar branch runs the one-stream kernel per stream.
        Assert.Contains("Layer0_Scalar(ref w, ref x1, ref h1, ref c1, ref hOut1, ref Unsafe.NullRef<float>()", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 32)]")]
    [InlineData("[Gru(InputSize = 5, HiddenSize = 48, Reset = RecurrentGruResetMode.BeforeMatmul)]")]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 64, ProjSize = 16)]")]
    [InlineData("[Lstm(InputSize = 8, HiddenSize = 64, Bidirectional = true)]")]
    public void Other_models_step_streams_one_at_a_time(string attribute)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.DoesNotContain("Pair", source, StringComparison.Ordinal);
    }
}
