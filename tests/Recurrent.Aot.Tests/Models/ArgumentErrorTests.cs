using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>Wrong lengths, overlapping buffers and misuse get ArgumentException/InvalidOperationException that say what was expected.</summary>
public sealed class ArgumentErrorTests
{
    private static readonly CellSpec LstmSpec = new() { Kind = CellKind.Lstm, InputSize = 3, HiddenSize = 5 };

    [Fact]
    public void Cell_step_names_the_span_with_the_expected_and_actual_length()
    {
        RecurrentCell cell = RecurrentCell.Create(LstmSpec, RandomWeights.For(LstmSpec, new Random(1)));
        float[] x = new float[3], h = new float[5], c = new float[5], hOut = new float[5], cOut = new float[5];
        AssertLength(() => cell.Step(new float[4], h, c, hOut, cOut), "x", 3, 4);
        AssertLength(() => cell.Step(x, new float[6], c, hOut, cOut), "h", 5, 6);
        AssertLength(() => cell.Step(x, h, [], hOut, cOut), "c", 5, 0);
        AssertLength(() => cell.Step(x, h, c, new float[4], cOut), "hOut", 5, 4);
        AssertLength(() => cell.Step(x, h, c, hOut, new float[2]), "cOut", 5, 2);
    }

    [Fact]
    public void Cell_step_refuses_an_output_that_overlaps_the_old_state()
    {
        RecurrentCell cell = RecurrentCell.Create(LstmSpec, RandomWeights.For(LstmSpec, new Random(1)));
        float[] x = new float[3], h = new float[5], c = new float[5], cOut = new float[5];
        var error = Assert.Throws<ArgumentException>(() => cell.Step(x, h, c, h, cOut));
        Assert.Equal("hOut", error.ParamName);
        Assert.Equal("cOut", Assert.Throws<ArgumentException>(() => cell.Step(x, h, c, new float[5], c)).ParamName);
    }

    [Fact]
    public void Create_names_the_tensor_with_the_expected_shape()
    {
        CellWeights good = RandomWeights.For(LstmSpec, new Random(1));
        var shortHh = new CellWeights { WeightIh = good.WeightIh, WeightHh = new float[7], BiasIh = good.BiasIh, BiasHh = good.BiasHh };
        var error = Assert.Throws<ArgumentException>(() => RecurrentCell.Create(LstmSpec, shortHh));
        Assert.Contains("weight_hh", error.Message);
        Assert.Contains("(20, 5)", error.Message);
        Assert.Contains("7", error.Message);

        var noBias = new CellWeights { WeightIh = good.WeightIh, WeightHh = good.WeightHh };
        Assert.Contains("bias_ih", Assert.Throws<ArgumentException>(() => RecurrentCell.Create(LstmSpec, noBias)).Message);
        CellSpec projected = LstmSpec with { ProjSize = 2 };
        CellWeights full = RandomWeights.For(projected, new Random(2));
        var noProjection = new CellWeights { WeightIh = full.WeightIh, WeightHh = full.WeightHh, BiasIh = full.BiasIh, BiasHh = full.BiasHh };
        Assert.Contains("weight_hr", Assert.Throws<ArgumentException>(() => RecurrentCell.Create(projected, noProjection)).Message);
    }

    [Theory]
    [InlineData(0, 5, 0)]
    [InlineData(3, 0, 0)]
    [InlineData(3, 5, 5)]
    [InlineData(3, 5, -1)]
    public void Invalid_sizes_are_refused(int input, int hidden, int proj)
    {
        var spec = LstmSpec with { InputSize = input, HiddenSize = hidden, ProjSize = proj };
        Assert.Throws<ArgumentException>(() => RecurrentCell.Create(spec, RandomWeights.For(LstmSpec, new Random(1))));
    }

    [Fact]
    public void Options_that_do_not_fit_the_cell_kind_are_refused()
    {
        var gru = new CellSpec { Kind = CellKind.Gru, InputSize = 2, HiddenSize = 2 };
        Assert.Contains("Peepholes", Assert.Throws<ArgumentException>(() => (gru with { Peepholes = true }).Validate()).Message);
        Assert.Contains("InputForget", Assert.Throws<ArgumentException>(() => (gru with { InputForget = true }).Validate()).Message);
        Assert.Contains("Clip", Assert.Throws<ArgumentException>(() => (gru with { Clip = -1f }).Validate()).Message);
    }

    [Fact]
    public void Model_runs_name_the_span_with_the_expected_and_actual_length()
    {
        (RecurrentModel model, _) = ModelParityTests.Build("lstm-1", 1);
        ModelWorkspace workspace = model.CreateWorkspace(4, 2);
        float[] x = new float[5], state = new float[model.StateSize], output = new float[9];
        AssertLength(() => model.Step(new float[2], state, output), "x", 5, 2);
        AssertLength(() => model.Step(x, new float[3], output), "state", model.StateSize, 3);
        AssertLength(() => model.Step(x, state, new float[10]), "output", 9, 10);
        AssertLength(() => model.Run(new float[10], state, new float[9], workspace), "outputs", 18, 9);
        AssertLength(() => model.RunBatch(new float[20], 2, [2], new float[2 * model.StateSize], new float[36], workspace), "lengths", 2, 1);
        AssertLength(() => model.RunBatch(new float[20], 2, [2, 2], state, new float[36], workspace), "states", 2 * model.StateSize, model.StateSize);

        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => model.Run(new float[7], state, new float[9], workspace)).ParamName);
        var length = Assert.Throws<ArgumentException>(() => model.RunBatch(new float[20], 2, [3, 1], new float[2 * model.StateSize], new float[36], workspace));
        Assert.Equal("lengths", length.ParamName);
        Assert.Contains("[0, 2]", length.Message);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => model.RunLast([], state, output, workspace)).ParamName);
    }

    [Fact]
    public void Sequence_buffers_must_not_overlap()
    {
        (RecurrentModel model, _) = ModelParityTests.Build("lstm-1", 1);
        ModelWorkspace workspace = model.CreateWorkspace(4);
        var shared = new float[model.StateSize + 2 * 9];
        var error = Assert.Throws<ArgumentException>(() => model.Run(new float[10], shared.AsSpan(0, model.StateSize), shared.AsSpan(model.StateSize - 1, 18), workspace));
        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("must not overlap state", error.Message);
        var inputs = new float[10 + model.StateSize];
        Assert.Equal("states", Assert.Throws<ArgumentException>(() => model.RunBatch(inputs.AsSpan(0, 10), 1, [2], inputs.AsSpan(5, model.StateSize), new float[18], workspace)).ParamName);
    }

    [Fact]
    public void Workspaces_must_be_large_enough_and_from_the_same_model()
    {
        (RecurrentModel model, _) = ModelParityTests.Build("lstm-1", 1);
        (RecurrentModel other, _) = ModelParityTests.Build("lstm-1", 2);
        float[] state = new float[model.StateSize];
        var small = Assert.Throws<ArgumentException>(() => model.Run(new float[5 * 5], state, new float[5 * 9], model.CreateWorkspace(4)));
        Assert.Contains("4 steps", small.Message);
        var foreign = Assert.Throws<ArgumentException>(() => model.Run(new float[5], state, new float[9], other.CreateWorkspace(4)));
        Assert.Equal("workspace", foreign.ParamName);
    }

    [Fact]
    public void Streaming_a_bidirectional_model_is_refused()
    {
        (RecurrentModel model, _) = ModelParityTests.Build("lstm-2-bidi", 1);
        Assert.Throws<InvalidOperationException>(() => model.Step(new float[model.InputSize], new float[model.StateSize], new float[model.OutputSize]));
    }

    [Fact]
    public void Generate_needs_outputs_that_fit_the_inputs()
    {
        (RecurrentModel model, _) = ModelParityTests.Build("lstm-1", 1);
        Assert.Throws<InvalidOperationException>(() => model.Generate(new float[5], new float[model.StateSize], new float[9]));
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => model.GetCell(new float[1], 0)).ParamName);
        (RecurrentModel gru, _) = ModelParityTests.Build("gru-2", 1);
        Assert.Throws<InvalidOperationException>(() => gru.GetCell(new float[gru.StateSize], 0));
    }

    [Fact]
    public void Generate_checks_first_and_state_even_for_zero_steps()
    {
        var cell = new CellSpec { Kind = CellKind.Rnn, InputSize = 3, HiddenSize = 3 };
        RecurrentModel model = RecurrentModel.Create(new ModelSpec { Cell = cell }, [RandomWeights.For(cell, new Random(4))]);
        AssertLength(() => model.Generate(new float[2], new float[model.StateSize], []), "first", 3, 2);
        AssertLength(() => model.Generate(new float[3], new float[model.StateSize + 1], []), "state", model.StateSize, model.StateSize + 1);
        model.Generate(new float[3], new float[model.StateSize], []);
    }

    private static void AssertLength(Action action, string parameter, int expected, int actual)
    {
        var error = Assert.Throws<ArgumentException>(action);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains($"Expected {expected}", error.Message);
        Assert.Contains($"got {actual}", error.Message);
    }
}
