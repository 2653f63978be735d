using System.Globalization;
using Microsoft.CodeAnalysis;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Tests.Diagnostics;

/// <summary>
/// The generator reads the recurrent.* metadata as the runtime does: enumerated values trimmed and lower-cased,
/// a value the runtime refuses reported (RAOT007) instead of replaced by a default, an attribute argument in
/// place of the metadata value, and names (module, head) with their case kept.
/// </summary>
public sealed class MetadataValueTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raot-meta-" + Guid.NewGuid().ToString("N"));

    public MetadataValueTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("recurrent.cell", "lstmx", "lstm, gru, rnn")]
    [InlineData("recurrent.gate_activation", "swish", "sigmoid, hard_sigmoid, tanh, relu, affine, leaky_relu, thresholded_relu, scaled_tanh, elu, softsign, softplus")]
    [InlineData("recurrent.candidate_activation", "gelu", "sigmoid, hard_sigmoid, tanh, relu, affine, leaky_relu, thresholded_relu, scaled_tanh, elu, softsign, softplus")]
    [InlineData("recurrent.cell_activation", "selu", "sigmoid, hard_sigmoid, tanh, relu, affine, leaky_relu, thresholded_relu, scaled_tanh, elu, softsign, softplus")]
    [InlineData("recurrent.nonlinearity", "sigmoid", "tanh, relu")]
    [InlineData("recurrent.gru_reset", "sideways", "after, before")]
    [InlineData("recurrent.head_activation", "logsoftmax", "none, sigmoid, softmax")]
    [InlineData("recurrent.input_forget", "yes", "true, false")]
    public void A_value_the_runtime_refuses_is_reported_with_what_is_accepted(string key, string value, string expected)
    {
        var (result, _) = Run("[RecurrentModel(\"m.safetensors\")]", Lstm(key, value));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("RAOT007", diagnostic.Id);
        Assert.Contains($"Metadata {key} = '{value}' is not valid: expected {expected}", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.ModelSources(result));
    }

    [Theory]
    [InlineData("recurrent.gate_activation", "softsign", "recurrent.gate_activation = softsign")]
    [InlineData("recurrent.cell_activation", "elu", "recurrent.cell_activation = elu (α = 1)")]
    [InlineData("recurrent.gate_activation_alpha", "0.16666667", "recurrent.gate_activation = sigmoid")]
    [InlineData("recurrent.direction", "reverse", "recurrent.direction = reverse")]
    public void Activations_and_directions_the_emitters_lack_are_reported_not_emitted(string key, string value, string expected)
    {
        var (result, _) = Run("[RecurrentModel(\"m.safetensors\")]", Lstm(key, value));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Contains(expected, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.ModelSources(result));
    }

    [Fact]
    public void Values_are_read_trimmed_and_in_any_case()
    {
        var (result, _) = Run("[RecurrentModel(\"m.safetensors\")]", Lstm("recurrent.cell_activation", "  ReLU "));
        Assert.Empty(result.Diagnostics);
        Assert.Contains("Act.Relu(cNew)", Assert.Single(GeneratorHarness.ModelSources(result)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_attribute_argument_replaces_the_metadata_value_unread()
    {
        var (result, _) = Run("[RecurrentModel(\"m.safetensors\", GateActivation = RecurrentActivation.HardSigmoid)]", Lstm("recurrent.gate_activation", "softsign"));
        Assert.Empty(result.Diagnostics);
        Assert.Contains("Act.HardSigmoid(", Assert.Single(GeneratorHarness.ModelSources(result)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Module_names_keep_their_case()
    {
        string path = Write(w =>
        {
            w.Add("Encoder.weight_ih_l0", new float[16 * 2], 16, 2);
            w.Add("Encoder.weight_hh_l0", new float[16 * 4], 16, 4);
            w.Add("other.weight_ih_l0", new float[16 * 2], 16, 2);
            w.Add("other.weight_hh_l0", new float[16 * 4], 16, 4);
            w.Metadata["recurrent.module"] = "Encoder";
        });
        var (result, _) = Run("[RecurrentModel(\"m.safetensors\")]", path);
        Assert.Empty(result.Diagnostics);
        Assert.Single(GeneratorHarness.ModelSources(result));
    }

    /// <summary>A one-layer LSTM (input 2, hidden 4) with one metadata entry.</summary>
    private string Lstm(string key, string value) => Write(w =>
    {
        w.Add("lstm.weight_ih_l0", new float[16 * 2], 16, 2);
        w.Add("lstm.weight_hh_l0", new float[16 * 4], 16, 4);
        w.Metadata[key] = value;
    });

    private string Write(Action<SafeTensorsWriter> fill)
    {
        var writer = new SafeTensorsWriter();
        fill(writer);
        string path = Path.Combine(_folder, "m.safetensors");
        writer.Save(path);
        return path;
    }

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(string attribute, string path)
        => GeneratorHarness.Run($"using Recurrent.Aot.Generation;\nnamespace Demo;\n\n{attribute}\npublic static partial class Model;\n", path);
}
