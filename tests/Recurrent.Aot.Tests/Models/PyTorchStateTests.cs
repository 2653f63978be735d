using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>
/// ImportPyTorchState/ExportPyTorchState: PyTorch's (layers·directions, batch, size) h and c against the
/// runtime's (batch, StateSize) states, their length checks and their allocations.
/// </summary>
public sealed class PyTorchStateTests
{
    public static TheoryData<string, int> Shapes() => new()
    {
        { "lstm-2-bidi-proj", 1 },
        { "lstm-2-bidi-proj", 3 },
        { "gru-2", 1 },
        { "gru-2", 3 },
        { "rnn-bidi", 1 },
        { "rnn-bidi", 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Import_then_export_gives_back_h0_and_c0(string name, int batch)
    {
        RecurrentModel model = Build(name);
        var random = new Random(batch);
        float[] h0 = RandomWeights.Uniform(random, HiddenLength(model, batch), 1f);
        float[] c0 = RandomWeights.Uniform(random, CellLength(model, batch), 1f);
        float[] states = new float[batch * model.StateSize];
        states.AsSpan().Fill(float.NaN);

        model.ImportPyTorchState(h0, c0, batch, states);
        Assert.DoesNotContain(states, float.IsNaN);

        float[] hN = new float[h0.Length], cN = new float[c0.Length];
        model.ExportPyTorchState(states, batch, hN, cN);
        Assert.Equal(h0, hN);
        Assert.Equal(c0, cN);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Export_then_import_gives_back_the_states(string name, int batch)
    {
        RecurrentModel model = Build(name);
        float[] states = RandomWeights.Uniform(new Random(10 + batch), batch * model.StateSize, 1f);
        float[] hN = new float[HiddenLength(model, batch)], cN = new float[CellLength(model, batch)];
        model.ExportPyTorchState(states, batch, hN, cN);

        float[] again = new float[states.Length];
        model.ImportPyTorchState(hN, cN, batch, again);
        Assert.Equal(states, again);
    }

    [Fact]
    public void Import_places_every_float_where_the_documented_layout_says()
    {
        // 2 layers × 2 directions, H_out 2 (projection), H 5, batch 3: StateSize = 4·2 + 4·5 = 28.
        RecurrentModel model = Build("lstm-2-bidi-proj");
        const int batch = 3, slots = 4, hOut = 2, hidden = 5, stateSize = 28;
        Assert.Equal(stateSize, model.StateSize);
        float[] h0 = Enumerable.Range(0, slots * batch * hOut).Select(i => (float)i).ToArray();
        float[] c0 = Enumerable.Range(0, slots * batch * hidden).Select(i => 1000f + i).ToArray();
        float[] states = new float[batch * stateSize];
        model.ImportPyTorchState(h0, c0, batch, states);

        for (int slot = 0; slot < slots; slot++)
        {
            for (int stream = 0; stream < batch; stream++)
            {
                for (int j = 0; j < hOut; j++)
                    Assert.Equal(h0[((slot * batch) + stream) * hOut + j], states[(stream * stateSize) + (slot * hOut) + j]);
                for (int k = 0; k < hidden; k++)
                    Assert.Equal(c0[((slot * batch) + stream) * hidden + k], states[(stream * stateSize) + (slots * hOut) + (slot * hidden) + k]);
            }
        }

        // Stream 2, layer 1 reverse (slot 3), h unit 1: h0[(3·3 + 2)·2 + 1] at 2·28 + 3·2 + 1.
        Assert.Equal(23f, states[63]);
        // Stream 1, layer 0 reverse (slot 1), c unit 4: c0[(1·3 + 1)·5 + 4] at 1·28 + 8 + 1·5 + 4.
        Assert.Equal(1024f, states[45]);
        Assert.Equal(h0.AsSpan(((3 * batch) + 2) * hOut, hOut), model.GetHidden(states.AsSpan(2 * stateSize, stateSize), layer: 1, direction: 1));
        Assert.Equal(c0.AsSpan(((1 * batch) + 1) * hidden, hidden), model.GetCell(states.AsSpan(stateSize, stateSize), layer: 0, direction: 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void A_batch_that_is_not_positive_or_too_large_is_refused(int batch)
    {
        RecurrentModel model = Build("lstm-2-bidi-proj");
        float[] h = new float[HiddenLength(model, 1)], c = new float[CellLength(model, 1)], states = new float[model.StateSize];
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => model.ImportPyTorchState(h, c, batch, states)).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => model.ExportPyTorchState(states, batch, h, c)).ParamName);
    }

    [Fact]
    public void Import_names_the_span_of_the_wrong_length_with_the_expected_and_actual_length()
    {
        RecurrentModel model = Build("lstm-2-bidi-proj");
        const int batch = 3;
        float[] h0 = new float[24], c0 = new float[60], states = new float[84];
        AssertLength(() => model.ImportPyTorchState(new float[23], c0, batch, states), "h0", 24, 23);
        AssertLength(() => model.ImportPyTorchState(h0, new float[61], batch, states), "c0", 60, 61);
        AssertLength(() => model.ImportPyTorchState(h0, [], batch, states), "c0", 60, 0);
        AssertLength(() => model.ImportPyTorchState(h0, c0, batch, new float[28]), "states", 84, 28);
        // h0 sized for one stream with a batch of 3.
        AssertLength(() => model.ImportPyTorchState(new float[8], new float[20], batch, states), "h0", 24, 8);
    }

    [Fact]
    public void Export_names_the_span_of_the_wrong_length_with_the_expected_and_actual_length()
    {
        RecurrentModel model = Build("lstm-2-bidi-proj");
        const int batch = 3;
        float[] hN = new float[24], cN = new float[60], states = new float[84];
        AssertLength(() => model.ExportPyTorchState(states, batch, new float[25], cN), "hN", 24, 25);
        AssertLength(() => model.ExportPyTorchState(states, batch, hN, new float[59]), "cN", 60, 59);
        AssertLength(() => model.ExportPyTorchState(states, batch, hN, []), "cN", 60, 0);
        AssertLength(() => model.ExportPyTorchState(new float[85], batch, hN, cN), "states", 84, 85);
    }

    [Theory]
    [InlineData("gru-2")]
    [InlineData("rnn-bidi")]
    public void A_cell_state_given_to_a_model_without_one_is_refused(string name)
    {
        RecurrentModel model = Build(name);
        float[] h = new float[HiddenLength(model, 2)], states = new float[2 * model.StateSize], c = new float[4];

        var import = Assert.Throws<ArgumentException>(() => model.ImportPyTorchState(h, c, 2, states));
        Assert.Equal("c0", import.ParamName);
        Assert.Contains("Only LSTM models have a cell state", import.Message);
        Assert.Contains(model.Spec.Cell.Kind.ToString(), import.Message);
        Assert.Contains("4 floats", import.Message);

        var export = Assert.Throws<ArgumentException>(() => model.ExportPyTorchState(states, 2, h, c));
        Assert.Equal("cN", export.ParamName);
        Assert.Contains("must be empty", export.Message);
    }

    [Fact]
    public void Buffers_that_overlap_are_refused()
    {
        RecurrentModel model = Build("gru-2");
        int hLength = HiddenLength(model, 1);
        float[] shared = new float[hLength + model.StateSize - 1];
        float[] separate = new float[model.StateSize];

        // h0 and states share one float: writing states would change h0 before it is read.
        Assert.Equal("states", Assert.Throws<ArgumentException>(
            () => model.ImportPyTorchState(shared.AsSpan(0, hLength), [], 1, shared.AsSpan(hLength - 1))).ParamName);
        Assert.Equal("hN", Assert.Throws<ArgumentException>(
            () => model.ExportPyTorchState(shared.AsSpan(hLength - 1), 1, shared.AsSpan(0, hLength), [])).ParamName);
        model.ExportPyTorchState(separate, 1, new float[hLength], []);
    }

    [Fact]
    public void Import_and_export_allocate_nothing()
    {
        RecurrentModel model = Build("lstm-2-bidi-proj");
        const int batch = 3;
        float[] h = new float[HiddenLength(model, batch)], c = new float[CellLength(model, batch)], states = new float[batch * model.StateSize];
        void RoundTrip()
        {
            model.ImportPyTorchState(h, c, batch, states);
            model.ExportPyTorchState(states, batch, h, c);
        }

        RoundTrip();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            RoundTrip();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static int HiddenLength(RecurrentModel model, int batch) =>
        model.Spec.Layers * model.Spec.Directions * batch * model.Spec.Cell.OutputSize;

    private static int CellLength(RecurrentModel model, int batch) =>
        model.Spec.Layers * model.Spec.Directions * batch * model.Spec.Cell.CellStateSize;

    private static RecurrentModel Build(string name)
    {
        ModelSpec spec = name switch
        {
            "lstm-2-bidi-proj" => new() { Cell = new CellSpec { Kind = CellKind.Lstm, InputSize = 3, HiddenSize = 5, ProjSize = 2 }, Layers = 2, Bidirectional = true },
            "gru-2" => new() { Cell = new CellSpec { Kind = CellKind.Gru, InputSize = 3, HiddenSize = 4 }, Layers = 2 },
            "rnn-bidi" => new() { Cell = new CellSpec { Kind = CellKind.Rnn, InputSize = 2, HiddenSize = 3 }, Bidirectional = true },
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown test model."),
        };
        return RecurrentModel.Create(spec, RandomWeights.For(spec, new Random(1)));
    }

    private static void AssertLength(Action call, string parameter, int expected, int actual)
    {
        var error = Assert.Throws<ArgumentException>(call);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains($"Expected {expected} ", error.Message);
        Assert.Contains($"got {actual}", error.Message);
    }
}
