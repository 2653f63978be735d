using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>
/// A learned initial state (the trainer's initial_h/initial_c) is the state a new stream starts from: InitialState,
/// ResetState and ResetStates give it, in the state layout (every h, then every c); without one they give zeros.
/// </summary>
public sealed class InitialStateTests
{
    private static readonly CellSpec Lstm = new() { Kind = CellKind.Lstm, InputSize = 3, HiddenSize = 4 };

    [Fact]
    public void A_learned_initial_state_is_laid_out_h_of_every_cell_then_c_of_every_cell()
    {
        RecurrentModel model = TwoLayerBidirectional(learned: true);
        Assert.True(model.HasLearnedInitialState);
        float[] expected = new float[model.StateSize];
        for (int slot = 0; slot < 4; slot++)
        {
            for (int j = 0; j < 4; j++)
            {
                expected[slot * 4 + j] = Hidden(slot, j);
                expected[16 + slot * 4 + j] = Cell(slot, j);
            }
        }

        Assert.Equal(expected, model.InitialState.ToArray());
        float[] state = new float[model.StateSize];
        model.ResetState(state);
        Assert.Equal(expected, state);
        Assert.Equal(Hidden(3, 2), model.GetHidden(state, layer: 1, direction: 1)[2]);
        Assert.Equal(Cell(2, 0), model.GetCell(state, layer: 1, direction: 0)[0]);
    }

    [Fact]
    public void ResetStates_gives_every_stream_the_initial_state()
    {
        RecurrentModel model = TwoLayerBidirectional(learned: true);
        float[] states = new float[3 * model.StateSize];
        Array.Fill(states, 9f);
        model.ResetStates(states);
        for (int stream = 0; stream < 3; stream++)
        {
            Assert.Equal(model.InitialState.ToArray(), states.AsSpan(stream * model.StateSize, model.StateSize).ToArray());
        }
    }

    [Fact]
    public void Without_a_learned_state_the_initial_state_is_zeros()
    {
        RecurrentModel model = TwoLayerBidirectional(learned: false);
        Assert.False(model.HasLearnedInitialState);
        float[] state = Enumerable.Repeat(5f, model.StateSize).ToArray();
        model.ResetState(state);
        Assert.All(state, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Reset_allocates_nothing()
    {
        RecurrentModel model = TwoLayerBidirectional(learned: true);
        float[] states = new float[2 * model.StateSize];
        model.ResetStates(states);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.ResetState(states.AsSpan(0, model.StateSize));
        model.ResetStates(states);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_refused_with_the_expected_size()
    {
        RecurrentModel model = TwoLayerBidirectional(learned: true);
        var one = Assert.Throws<ArgumentException>(() => model.ResetState(new float[model.StateSize - 1]));
        Assert.Contains(model.StateSize.ToString(System.Globalization.CultureInfo.InvariantCulture), one.Message, StringComparison.Ordinal);
        var many = Assert.Throws<ArgumentException>(() => model.ResetStates(new float[model.StateSize + 1]));
        Assert.Contains("whole number of states", many.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_cell_has_a_learned_initial_state_or_none_does()
    {
        var spec = new ModelSpec { Cell = Lstm, Layers = 2 };
        var random = new Random(1);
        CellWeights[] weights =
        [
            WithInitialState(RandomWeights.For(Lstm, random), new float[4], new float[4]),
            RandomWeights.For(spec.LayerCell(1), random),
        ];
        var error = Assert.Throws<ArgumentException>(() => RecurrentModel.Create(spec, weights));
        Assert.Contains("initial state", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, 4, "initial_h")]
    [InlineData(4, 5, "initial_c")]
    public void An_initial_state_of_the_wrong_size_is_refused_and_named(int hidden, int cell, string named)
    {
        var spec = new ModelSpec { Cell = Lstm };
        CellWeights weights = WithInitialState(RandomWeights.For(Lstm, new Random(2)), new float[hidden], new float[cell]);
        var error = Assert.Throws<ArgumentException>(() => RecurrentModel.Create(spec, [weights]));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static float Hidden(int slot, int unit) => 0.1f * (slot + 1) + 0.01f * unit;

    private static float Cell(int slot, int unit) => -0.1f * (slot + 1) - 0.01f * unit;

    private static RecurrentModel TwoLayerBidirectional(bool learned)
    {
        var spec = new ModelSpec { Cell = Lstm, Layers = 2, Bidirectional = true };
        var random = new Random(7);
        var weights = new CellWeights[4];
        for (int slot = 0; slot < 4; slot++)
        {
            CellWeights w = RandomWeights.For(spec.LayerCell(slot / 2), random);
            weights[slot] = learned
                ? WithInitialState(w, Enumerable.Range(0, 4).Select(j => Hidden(slot, j)).ToArray(), Enumerable.Range(0, 4).Select(j => Cell(slot, j)).ToArray())
                : w;
        }

        return RecurrentModel.Create(spec, weights);
    }

    private static CellWeights WithInitialState(CellWeights w, float[] hidden, float[] cell) => new()
    {
        WeightIh = w.WeightIh,
        WeightHh = w.WeightHh,
        BiasIh = w.BiasIh,
        BiasHh = w.BiasHh,
        WeightHr = w.WeightHr,
        Peepholes = w.Peepholes,
        InitialHidden = hidden,
        InitialCell = cell,
    };
}
