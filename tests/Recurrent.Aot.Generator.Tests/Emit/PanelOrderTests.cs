using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>
/// Cells of several panels walk them last to first on every other step (the state's phase decides), so a
/// step starts with the weights the step before read last. The order changes no number: the random-model
/// parity tests run such cells over whole sequences.
/// </summary>
public sealed class PanelOrderTests
{
    [Theory]
    [InlineData("[Lstm(InputSize = 16, HiddenSize = 64)]", 4)]
    [InlineData("[Gru(InputSize = 5, HiddenSize = 48, Reset = RecurrentGruResetMode.BeforeMatmul)]", 3)]
    [InlineData("[Rnn(InputSize = 3, HiddenSize = 96)]", 6)]
    public void Cells_of_several_panels_alternate_their_order_with_the_phase(string attribute, int panels)
    {
        string source = GeneratorHarness.ModelSource(attribute);
        Assert.Contains($"for (nuint i = 0; i < {panels}; i++)", source, StringComparison.Ordinal);
        Assert.Contains($"nuint p = backwards ? {panels - 1} - i : i;", source, StringComparison.Ordinal);
        Assert.Contains(", phase != 0);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Bidirectional_layers_run_over_a_sequence_alternate_with_each_step()
    {
        string source = GeneratorHarness.ModelSource("[Lstm(InputSize = 16, HiddenSize = 64, Layers = 2, Bidirectional = true)]");
        Assert.Contains(", p != 0);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_panel_has_no_order_to_alternate()
    {
        string source = GeneratorHarness.ModelSource("[Lstm(InputSize = 8, HiddenSize = 16)]");
        Assert.DoesNotContain("backwards", source, StringComparison.Ordinal);
        Assert.DoesNotContain("phase != 0", source, StringComparison.Ordinal);
    }
}
