using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Network;

namespace Recurrent.Aot.Training.Tests.Cells;

/// <summary>The trainer's activations: the runtime's definitions forward, and derivatives taken from the outputs.</summary>
public sealed class CellActivationsTests
{
    /// <summary>The activations the trainer trains; the runtime's other ONNX activations are refused (below).</summary>
    public static TheoryData<Activation> All() => new(Activation.Sigmoid, Activation.HardSigmoid, Activation.Tanh, Activation.Relu);

    [Fact]
    public void Hard_sigmoid_is_the_clamped_line_through_one_half_with_slope_one_fifth()
    {
        double[] x = [-10, -2.5, -1, 0, 1, 2.5, 10];
        double[] y = new double[x.Length];
        CellActivations.Apply<double>(Activation.HardSigmoid, x, y);
        Assert.Equal([0, 0, 0.3, 0.5, 0.7, 1, 1], y.Select(v => Math.Round(v, 12)));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Forward_matches_the_runtime_cell_in_float(Activation activation)
    {
        // The runtime's scalar definitions (runtime/Recurrent.Aot/Kernels/Simd/ScalarActivations.cs).
        float[] x = Enumerable.Range(-40, 81).Select(i => i * 0.1f).ToArray();
        float[] trainer = new float[x.Length];
        CellActivations.Apply<float>(activation, x, trainer);
        for (int i = 0; i < x.Length; i++)
        {
            float expected = activation switch
            {
                Activation.Sigmoid => 1f / (1f + MathF.Exp(-x[i])),
                Activation.HardSigmoid => MathF.Min(MathF.Max((0.2f * x[i]) + 0.5f, 0f), 1f),
                Activation.Tanh => MathF.Tanh(x[i]),
                _ => MathF.Max(x[i], 0f),
            };
            Assert.True(MathF.Abs(expected - trainer[i]) <= 1e-6f, $"{activation}({x[i]}): {trainer[i]}, expected {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Derivative_from_the_output_matches_central_differences_away_from_kinks(Activation activation)
    {
        const double eps = 1e-6;
        int checkedPoints = 0;
        for (double x = -4.05; x < 4.1; x += 0.1)
        {
            double[] at = [x - eps, x, x + eps];
            double[] y = new double[3];
            CellActivations.Apply<double>(activation, at, y);
            double numeric = (y[2] - y[0]) / (2 * eps);
            double analytic = CellActivations.Derivative(activation, y[1]);
            Assert.True(Math.Abs(numeric - analytic) <= 1e-7, $"{activation}'({x}): analytic {analytic}, numeric {numeric}");
            checkedPoints++;
        }

        Assert.True(checkedPoints > 80);
    }

    [Theory]
    [InlineData(CellKind.Rnn, "gate", "An RNN has no gates")]
    [InlineData(CellKind.Rnn, "candidate", "An RNN's activation is its Nonlinearity")]
    [InlineData(CellKind.Rnn, "cell", "The cell activation (h' = o ⊙ h(c')) is an LSTM option; the cell is Rnn")]
    [InlineData(CellKind.Gru, "cell", "The cell activation (h' = o ⊙ h(c')) is an LSTM option; the cell is Gru")]
    public void Activations_a_cell_does_not_have_are_refused(CellKind cell, string role, string expected)
    {
        NetworkSpec spec = new(cell, 2, 3);
        spec = role switch
        {
            "gate" => spec with { GateActivation = Activation.Relu },
            "candidate" => spec with { CandidateActivation = Activation.Relu },
            _ => spec with { CellActivation = Activation.Relu },
        };
        ArgumentException e = Assert.Throws<ArgumentException>(() => new RecurrentNetwork<float>(spec));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Activation.Elu)]
    [InlineData(Activation.Softplus)]
    [InlineData(Activation.Affine)]
    public void Activations_the_trainer_cannot_train_are_refused(Activation activation)
    {
        NetworkSpec spec = new NetworkSpec(CellKind.Lstm, 2, 3) with { CandidateActivation = activation };
        ArgumentException e = Assert.Throws<ArgumentException>(() => new RecurrentNetwork<float>(spec));
        Assert.Contains("the activations the trainer trains", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.HardSigmoid)]
    [InlineData(Activation.Elu)]
    public void Rnn_nonlinearities_other_than_tanh_and_relu_are_refused(Activation nonlinearity)
    {
        NetworkSpec spec = new NetworkSpec(CellKind.Rnn, 2, 3) with { Nonlinearity = nonlinearity };
        ArgumentException e = Assert.Throws<ArgumentException>(() => new RecurrentNetwork<float>(spec));
        Assert.Contains("Nonlinearity must be Tanh or Relu", e.Message, StringComparison.Ordinal);
    }
}
