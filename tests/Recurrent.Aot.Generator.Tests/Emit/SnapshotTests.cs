using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>The emitted source for a representative set of models, compared with the committed snapshots.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Lstm_shape_only() => Check("[Lstm(InputSize = 8, HiddenSize = 32)]", "public sealed partial class SensorLstm;");

    [Fact]
    public void Gru_reset_after_matmul() => Check("[Gru(InputSize = 4, HiddenSize = 16)]", "public sealed partial class PyTorchGru;");

    [Fact]
    public void Gru_reset_before_matmul() => Check("[Gru(InputSize = 4, HiddenSize = 16, Reset = RecurrentGruResetMode.BeforeMatmul)]", "public sealed partial class OriginalGru;");

    [Fact]
    public void Rnn_relu() => Check("[Rnn(InputSize = 3, HiddenSize = 8, Nonlinearity = RecurrentActivation.Relu)]", "public sealed partial class ReluRnn;");

    [Fact]
    public void Lstm_stacked_bidirectional() => Check("[Lstm(InputSize = 4, HiddenSize = 8, Layers = 2, Bidirectional = true)]", "public sealed partial class Encoder;");

    [Fact]
    public void Lstm_projection_with_head() => Check("[Lstm(InputSize = 4, HiddenSize = 16, ProjSize = 8, HeadSize = 3, HeadActivation = RecurrentHeadActivation.Softmax)]", "public sealed partial class Classifier;");

    /// <summary>Output (the softmax head) the size of the input: Generate, an instance method.</summary>
    [Fact]
    public void Gru_decoder_with_generate() => Check("[Gru(InputSize = 5, HiddenSize = 16, HeadSize = 5, HeadActivation = RecurrentHeadActivation.Softmax)]", "public sealed partial class Decoder;");

    /// <summary>Fast activations: StepBatch steps pairs of streams through the cell's multi-stream kernel (groups of 8 and 4 from 128 units).</summary>
    [Fact]
    public void Lstm_fast_stream_groups() => Check("[Lstm(InputSize = 4, HiddenSize = 16, FastActivations = true)]", "public sealed partial class StreamedLstm;");

    /// <summary>An embedded RNN whose h (6) is its input (6): Generate, a static method.</summary>
    [Fact]
    public void Embedded_feedback_with_generate()
    {
        string file = GeneratorHarness.Fixture("pytorch/rnn_tanh_feedback.safetensors");
        var (result, _) = GeneratorHarness.Run(Source("[RecurrentModel(\"pytorch/rnn_tanh_feedback.safetensors\")]", "public static partial class Echo;"), file);
        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.ModelSources(result).Single().SourceText.ToString());
    }

    [Fact]
    public void Embedded_weights()
    {
        string file = GeneratorHarness.Fixture("pytorch/lstm_odd_3x5.safetensors");
        var (result, _) = GeneratorHarness.Run(Source("[RecurrentModel(\"pytorch/lstm_odd_3x5.safetensors\")]", "public static partial class Keyword;"), file);
        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.ModelSources(result).Single().SourceText.ToString());
    }

    /// <summary>The same small LSTM with bfloat16 and with int8 weights: narrow sections, widening helpers, int8 row scales.</summary>
    [Theory]
    [InlineData("BFloat16")]
    [InlineData("Int8")]
    public void Embedded_weights_reduced_precision(string precision)
    {
        string file = GeneratorHarness.Fixture("pytorch/lstm_odd_3x5.safetensors");
        var (result, _) = GeneratorHarness.Run(Source($"[RecurrentModel(\"pytorch/lstm_odd_3x5.safetensors\", WeightPrecision = RecurrentWeightPrecision.{precision})]", "public static partial class Keyword;"), file);
        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.ModelSources(result).Single().SourceText.ToString(), "Embedded_weights_" + precision);
    }

    /// <summary>A GRU whose file holds a learned initial state: InitialState, Reset and State.Reset() restore it.</summary>
    [Fact]
    public void Embedded_learned_initial_state()
    {
        string folder = Path.Combine(Path.GetTempPath(), "raot-snapshot-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var writer = new Recurrent.Aot.IO.SafeTensorsWriter();
            writer.Add("gru.weight_ih_l0", Enumerable.Range(0, 9 * 2).Select(i => 0.05f * (i % 7) - 0.1f).ToArray(), 9, 2);
            writer.Add("gru.weight_hh_l0", Enumerable.Range(0, 9 * 3).Select(i => 0.03f * (i % 5) - 0.06f).ToArray(), 9, 3);
            writer.Add("gru.initial_h_l0", [0.25f, -0.5f, 0.125f], 3);
            string file = Path.Combine(folder, "learned.safetensors");
            writer.Save(file);
            var (result, _) = GeneratorHarness.Run(Source("[RecurrentModel(\"learned.safetensors\")]", "public static partial class Learned;"), file);
            Assert.Empty(result.Diagnostics);
            Snapshot.Match(GeneratorHarness.ModelSources(result).Single().SourceText.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Shared_attributes_activations_and_packing()
    {
        var (result, _) = GeneratorHarness.Run("namespace Empty;");
        var sources = result.Results.Single().GeneratedSources.Where(s => s.HintName.StartsWith("Recurrent.Aot.Generation.", StringComparison.Ordinal)).OrderBy(s => s.HintName, StringComparer.Ordinal);
        Snapshot.Match(string.Join("\n// ----\n", sources.Select(s => "// " + s.HintName + "\n" + s.SourceText)));
    }

    /// <summary>A shape-only model whose bound weights are rounded (bfloat16) or quantized (int8) when it is created.</summary>
    [Theory]
    [InlineData("BFloat16")]
    [InlineData("Int8")]
    public void Lstm_shape_only_reduced_precision(string precision)
    {
        var (result, output) = GeneratorHarness.Run(Source($"[Lstm(InputSize = 8, HiddenSize = 32, WeightPrecision = RecurrentWeightPrecision.{precision})]", "public sealed partial class SensorLstm;"));
        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.ModelSources(result).Single().SourceText.ToString(), "Lstm_shape_only_" + precision);
        GeneratorHarness.Load(output);
    }

    private static void Check(string attribute, string declaration, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var (result, output) = GeneratorHarness.Run(Source(attribute, declaration));
        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.ModelSources(result).Single().SourceText.ToString(), test);
        GeneratorHarness.Load(output);
    }

    private static string Source(string attribute, string declaration) => $"""
        using Recurrent.Aot.Generation;

        namespace Demo;

        {attribute}
        {declaration}
        """;
}
