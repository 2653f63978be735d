using Recurrent.Aot.Tests.Models;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Batching;

/// <summary>Bad calls of StepBatch: each fails with an exception naming the parameter and what was expected.</summary>
public sealed class StepBatchArgumentTests
{
    [Fact]
    public void Model_rejects_wrong_lengths_naming_the_parameter()
    {
        (RecurrentModel model, _) = ModelParityTests.Build("gru-2", 1);
        int x = model.InputSize, state = model.StateSize, y = model.OutputSize;

        var empty = Assert.Throws<ArgumentException>(() => model.StepBatch([], [], []));
        Assert.Equal("states", empty.ParamName);
        Assert.Contains($"StateSize = {state}", empty.Message);

        var partial = Assert.Throws<ArgumentException>(() => model.StepBatch(new float[2 * x], new float[(2 * state) + 1], new float[2 * y]));
        Assert.Equal("states", partial.ParamName);

        var inputs = Assert.Throws<ArgumentException>(() => model.StepBatch(new float[(3 * x) - 1], new float[3 * state], new float[3 * y]));
        Assert.Equal("inputs", inputs.ParamName);
        Assert.Contains($"Expected {3 * x} floats (3 streams × InputSize {x})", inputs.Message);

        var outputs = Assert.Throws<ArgumentException>(() => model.StepBatch(new float[3 * x], new float[3 * state], new float[4 * y]));
        Assert.Equal("outputs", outputs.ParamName);
        Assert.Contains($"Expected {3 * y} floats (3 streams × OutputSize {y})", outputs.Message);
    }

    [Fact]
    public void Model_rejects_overlapping_spans()
    {
        (RecurrentModel model, _) = ModelParityTests.Build("rnn-relu-2-head", 1);
        int x = model.InputSize, state = model.StateSize, y = model.OutputSize;
        float[] buffer = new float[(2 * state) + (2 * y) + (2 * x)];
        var overlap = Assert.Throws<ArgumentException>(() => model.StepBatch(new float[2 * x], buffer.AsSpan(0, 2 * state), buffer.AsSpan(y, 2 * y)));
        Assert.Equal("outputs", overlap.ParamName);
        var inputs = Assert.Throws<ArgumentException>(() => model.StepBatch(buffer.AsSpan(0, 2 * x), buffer.AsSpan(1, 2 * state), new float[2 * y]));
        Assert.Equal("states", inputs.ParamName);
    }

    [Theory]
    [InlineData("lstm-2-bidi")]
    [InlineData("gru-2-reverse")]
    public void Models_that_need_the_whole_sequence_cannot_step(string name)
    {
        (RecurrentModel model, _) = ModelParityTests.Build(name, 1);
        var error = Assert.Throws<InvalidOperationException>(() => model.StepBatch(new float[model.InputSize], new float[model.StateSize], new float[model.OutputSize]));
        Assert.Contains("whole sequence", error.Message);
    }

    [Fact]
    public void Cell_rejects_wrong_lengths_and_overlaps()
    {
        var spec = new CellSpec { Kind = CellKind.Lstm, InputSize = 3, HiddenSize = 5 };
        RecurrentCell cell = RecurrentCell.Create(spec, RandomWeights.For(spec, new Random(1)));
        float[] x = new float[6], h = new float[10], c = new float[10], hOut = new float[10], cOut = new float[10];

        Assert.Equal("h", Assert.Throws<ArgumentException>(() => cell.StepBatch(x, new float[9], c, hOut, cOut)).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentException>(() => cell.StepBatch([], [], [], [], [])).ParamName);
        var xError = Assert.Throws<ArgumentException>(() => cell.StepBatch(new float[7], h, c, hOut, cOut));
        Assert.Equal("x", xError.ParamName);
        Assert.Contains("Expected 6 floats (2 streams × InputSize 3)", xError.Message);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => cell.StepBatch(x, h, new float[5], hOut, cOut)).ParamName);
        Assert.Equal("hOut", Assert.Throws<ArgumentException>(() => cell.StepBatch(x, h, c, new float[5], cOut)).ParamName);
        Assert.Equal("cOut", Assert.Throws<ArgumentException>(() => cell.StepBatch(x, h, c, hOut, new float[11])).ParamName);
        Assert.Equal("hOut", Assert.Throws<ArgumentException>(() => cell.StepBatch(x, h, c, h, cOut)).ParamName);
        Assert.Equal("cOut", Assert.Throws<ArgumentException>(() => cell.StepBatch(x, h, c, hOut, c)).ParamName);
    }
}
