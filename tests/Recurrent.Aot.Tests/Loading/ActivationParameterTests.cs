using Recurrent.Aot.IO;
using Recurrent.Aot.Kernels.Simd;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Loading;

/// <summary>The ONNX activation list with α/β: definitions, defaults, the metadata keys and their errors.</summary>
public sealed class ActivationParameterTests
{
    [Theory]
    [InlineData(Activation.HardSigmoid, 0.2f, 0.5f)]
    [InlineData(Activation.LeakyRelu, 0.01f, 0f)]
    [InlineData(Activation.ThresholdedRelu, 1f, 0f)]
    [InlineData(Activation.Elu, 1f, 0f)]
    [InlineData(Activation.Sigmoid, 0f, 0f)]
    [InlineData(Activation.Softplus, 0f, 0f)]
    public void Defaults_are_onnx_defaults(Activation activation, float alpha, float beta)
        => Assert.Equal(new ActivationParameters(alpha, beta), ActivationParameters.Resolve(activation, null, null, "test"));

    [Theory]
    [InlineData(Activation.Affine)]
    [InlineData(Activation.ScaledTanh)]
    public void Affine_and_scaled_tanh_need_both_parameters(Activation activation)
    {
        var error = Assert.Throws<ArgumentException>(() => new CellSpec { Kind = CellKind.Rnn, InputSize = 1, HiddenSize = 1, CandidateActivation = activation, CandidateActivationAlpha = 1f }.Validate());
        Assert.Contains("beta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_the_activation_does_not_take_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CellSpec { Kind = CellKind.Gru, InputSize = 1, HiddenSize = 1, GateActivationAlpha = 0.5f }.Validate());
        Assert.Contains("Sigmoid takes no alpha", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Activation.HardSigmoid, 1.5f, 0.3f, 0.5f, 0.95f)]
    [InlineData(Activation.Affine, 2f, 3f, -1f, -1f)]
    [InlineData(Activation.LeakyRelu, -2f, 0.1f, 0f, -0.2f)]
    [InlineData(Activation.LeakyRelu, 2f, 0.1f, 0f, 2f)]
    [InlineData(Activation.ThresholdedRelu, 0.5f, 1f, 0f, 0f)]
    [InlineData(Activation.ThresholdedRelu, 1.5f, 1f, 0f, 1.5f)]
    [InlineData(Activation.Elu, 3f, 0.5f, 0f, 3f)]
    [InlineData(Activation.Softsign, -3f, 0f, 0f, -0.75f)]
    public void Scalar_definitions(Activation activation, float x, float alpha, float beta, float expectedOrZero)
    {
        float expected = activation == Activation.HardSigmoid ? MathF.Min(1f, MathF.Max(0f, alpha * x + beta)) : activation == Activation.Affine ? alpha * x + beta : expectedOrZero;
        Assert.Equal(expected, ScalarActivations.Apply(activation, new ActivationParameters(alpha, beta), x), 6);
    }

    [Fact]
    public void Transcendental_definitions_match_double_precision()
    {
        for (float x = -30f; x <= 30f; x += 0.37f)
        {
            Near(x >= 0 ? x : 0.7 * (Math.Exp(x) - 1), ScalarActivations.Apply(Activation.Elu, new ActivationParameters(0.7f, 0f), x));
            Near(Math.Log(1 + Math.Exp(x)), ScalarActivations.Apply(Activation.Softplus, default, x));
            Near(1.5 * Math.Tanh(0.5 * x), ScalarActivations.Apply(Activation.ScaledTanh, new ActivationParameters(1.5f, 0.5f), x));
        }
    }

    private static void Near(double expected, float actual)
        => Assert.True(Math.Abs(expected - actual) <= 4e-7 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    [Fact]
    public void Metadata_alpha_and_beta_set_the_parameters_and_defaults_stay_null()
    {
        SafeTensorsFile file = Lstm(new()
        {
            ["recurrent.gate_activation"] = "hard_sigmoid",
            ["recurrent.gate_activation_alpha"] = "0.16666667",
            ["recurrent.candidate_activation"] = "leaky_relu",
            ["recurrent.candidate_activation_alpha"] = "0.01",
            ["recurrent.cell_activation"] = "scaled_tanh",
            ["recurrent.cell_activation_alpha"] = "-1.5",
            ["recurrent.cell_activation_beta"] = "2e-1",
        });
        CellSpec cell = RecurrentModel.FromSafeTensors(file).Spec.Cell;
        Assert.Equal(1f / 6, cell.GateActivationAlpha!.Value, 6);
        Assert.Null(cell.GateActivationBeta);
        Assert.Null(cell.CandidateActivationAlpha);   // the default, written out
        Assert.Equal(new ActivationParameters(-1.5f, 0.2f), cell.CellParameters);
        Assert.Equal(Activation.ScaledTanh, cell.CellActivation);
    }

    [Theory]
    [InlineData("recurrent.candidate_activation", "affine", null, null, "needs recurrent.candidate_activation_alpha")]
    [InlineData("recurrent.candidate_activation", "affine", "recurrent.candidate_activation_alpha", "2", "needs recurrent.candidate_activation_beta")]
    [InlineData("recurrent.gate_activation", "sigmoid", "recurrent.gate_activation_alpha", "2", "takes no alpha")]
    [InlineData("recurrent.gate_activation", "elu", "recurrent.gate_activation_beta", "2", "takes no beta")]
    [InlineData("recurrent.gate_activation", "hard_sigmoid", "recurrent.gate_activation_alpha", "0,2", "expected a finite number")]
    [InlineData("recurrent.gate_activation", "hard_sigmoid", "recurrent.gate_activation_alpha", "NaN", "expected a finite number")]
    [InlineData("recurrent.gate_activation", "swish", null, null, "expected sigmoid, hard_sigmoid")]
    public void Bad_parameters_are_refused_naming_the_key(string key, string token, string? parameterKey, string? value, string message)
    {
        var metadata = new Dictionary<string, string> { [key] = token };
        if (parameterKey is not null)
            metadata[parameterKey] = value!;
        var error = Assert.Throws<WeightsFormatException>(() => RecurrentModel.FromSafeTensors(Lstm(metadata)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_files_parameters_go_with_the_files_activation_only()
    {
        SafeTensorsFile file = Lstm(new() { ["recurrent.gate_activation"] = "hard_sigmoid", ["recurrent.gate_activation_alpha"] = "0.3" });
        CellSpec cell = RecurrentModel.FromSafeTensors(file, new ModelLoadOptions { GateActivation = Activation.Sigmoid }).Spec.Cell;
        Assert.Equal(Activation.Sigmoid, cell.GateActivation);
        Assert.Null(cell.GateActivationAlpha);
    }

    [Fact]
    public void Parameters_of_an_activation_that_does_not_apply_to_the_cell_are_ignored()
    {
        var spec = new CellSpec { Kind = CellKind.Gru, InputSize = 2, HiddenSize = 3 };
        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "", new ModelSpec { Cell = spec }, [RandomWeights.For(spec, new Random(1))]);
        writer.Metadata["recurrent.cell_activation"] = "affine";
        Assert.Equal(spec, RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer)).Spec.Cell);
    }

    private static SafeTensorsFile Lstm(Dictionary<string, string> metadata)
    {
        var spec = new CellSpec { Kind = CellKind.Lstm, InputSize = 2, HiddenSize = 4 };
        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "lstm.", new ModelSpec { Cell = spec }, [RandomWeights.For(spec, new Random(1))]);
        foreach ((string key, string value) in metadata)
            writer.Metadata[key] = value;
        return TorchFiles.Parse(writer);
    }
}
