using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary><c>FastActivations = true</c> switches the cells' sigmoid and tanh to the fast forms, and nothing else.</summary>
public sealed class FastActivationsTests
{
    [Theory]
    [InlineData("[Lstm(InputSize = 2, HiddenSize = 8, FastActivations = true)]")]
    [InlineData("[Gru(InputSize = 2, HiddenSize = 16, FastActivations = true, Reset = RecurrentGruResetMode.BeforeMatmul)]")]
    [InlineData("[Rnn(InputSize = 2, HiddenSize = 8, FastActivations = true)]")]
    public void Fast_models_call_only_the_fast_sigmoid_and_tanh(string attribute)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.Contains("Act.FastTanh(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Act.Tanh(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Act.Sigmoid(", source, StringComparison.Ordinal);
        Assert.Contains("Activations: fast sigmoid and tanh", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_activations_are_the_default()
    {
        string source = GeneratorHarness.ModelSource("[Lstm(InputSize = 2, HiddenSize = 8)]");
        Assert.Contains("Act.Sigmoid(", source, StringComparison.Ordinal);
        Assert.Contains("Act.Tanh(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Act.Fast", source, StringComparison.Ordinal);
        Assert.Contains("Activations: exact sigmoid and tanh", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Hard_sigmoid_gates_stay_hard_sigmoid_in_fast_mode()
    {
        string source = GeneratorHarness.ModelSource("[Lstm(InputSize = 2, HiddenSize = 8, FastActivations = true, GateActivation = RecurrentActivation.HardSigmoid)]");
        Assert.Contains("Act.HardSigmoid(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Act.FastSigmoid(", source, StringComparison.Ordinal);
        Assert.Contains("Act.FastTanh(", source, StringComparison.Ordinal);
    }
}
