using Recurrent.Aot.Tests.Models;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Batching;

/// <summary>
/// StepBatch against Step stream by stream. Batches 1..17 cover every group size (8, 4, 2, 1) and every tail; three
/// steps in a row carry the states through. The two sum the dot products in another order (Step splits the columns
/// over two accumulator sets, the batched product sums them in order), so they agree within float32 rounding, held
/// to the kernels' usual tolerance (Assertions.Tolerance), not bit for bit.
/// </summary>
public sealed class StepBatchTests
{
    private const int MaxBatch = 17;
    private const int Steps = 3;

    public static TheoryData<string> Models() => ModelCases.UnidirectionalNames();

    public static TheoryData<string, WeightPrecision> ModelsAndPrecisions()
    {
        var data = new TheoryData<string, WeightPrecision>();
        foreach (string name in new[] { "lstm-3-proj-peep", "gru-2", "rnn-relu-2-head", "gru-before-head" })
        {
            foreach (WeightPrecision precision in Enum.GetValues<WeightPrecision>())
                data.Add(name, precision);
        }

        return data;
    }

    public static TheoryData<string> Cells() => [.. CellConfigurations.All().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Models))]
    public void Model_batches_match_per_stream_steps(string name)
    {
        (RecurrentModel model, _) = ModelParityTests.Build(name, 11);
        AssertBatchesMatchSteps(model, name);
    }

    [Theory]
    [MemberData(nameof(ModelsAndPrecisions))]
    public void Reduced_precision_batches_match_per_stream_steps(string name, WeightPrecision precision)
    {
        ModelSpec spec = Spec(name);
        var random = new Random(12);
        RecurrentModel model = RecurrentModel.Create(spec, RandomWeights.For(spec, random), RandomWeights.Head(spec, random), precision);
        AssertBatchesMatchSteps(model, $"{name} {precision}");
    }

    [Fact]
    public void Batches_start_from_a_learned_initial_state()
    {
        var spec = new ModelSpec { Cell = new CellSpec { Kind = CellKind.Lstm, InputSize = 6, HiddenSize = 21 }, Layers = 2, Head = new HeadSpec { OutputSize = 3 } };
        var random = new Random(13);
        CellWeights[] weights = [.. RandomWeights.For(spec, random).Select(w => WithInitialState(w, spec.Cell.HiddenSize, random))];
        RecurrentModel model = RecurrentModel.Create(spec, weights, RandomWeights.Head(spec, random));
        Assert.True(model.HasLearnedInitialState);

        const int batch = 11;
        float[] inputs = RandomWeights.Uniform(random, batch * model.InputSize, 1f);
        float[] states = new float[batch * model.StateSize], outputs = new float[batch * model.OutputSize];
        model.ResetStates(states);
        model.StepBatch(inputs, states, outputs);
        for (int s = 0; s < batch; s++)
        {
            float[] state = new float[model.StateSize], output = new float[model.OutputSize];
            model.ResetState(state);
            model.Step(inputs.AsSpan(s * model.InputSize, model.InputSize), state, output);
            Assertions.Close(output, outputs.AsSpan(s * model.OutputSize, model.OutputSize), $"stream {s} output");
            Assertions.Close(state, states.AsSpan(s * model.StateSize, model.StateSize), $"stream {s} state");
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Cell_batches_match_per_stream_steps(string name)
    {
        // 19 hidden units leave a partial block on every width; the LSTMs get a projection of 7.
        CellSpec spec = CellConfigurations.Sized(CellConfigurations.All().Single(c => c.Name == name).Spec, 5, 19, 7);
        var random = new Random(14);
        RecurrentCell cell = RecurrentCell.Create(spec, RandomWeights.For(spec, random));
        int hSize = spec.OutputSize, cSize = spec.CellStateSize;
        for (int batch = 1; batch <= MaxBatch; batch++)
        {
            float[] x = RandomWeights.Uniform(random, batch * spec.InputSize, 1f);
            float[] h = RandomWeights.Uniform(random, batch * hSize, 0.8f), c = RandomWeights.Uniform(random, batch * cSize, 0.8f);
            float[] hOut = new float[h.Length], cOut = new float[c.Length];
            cell.StepBatch(x, h, c, hOut, cOut);
            for (int s = 0; s < batch; s++)
            {
                float[] hExpected = new float[hSize], cExpected = new float[cSize];
                cell.Step(x.AsSpan(s * spec.InputSize, spec.InputSize), h.AsSpan(s * hSize, hSize), c.AsSpan(s * cSize, cSize), hExpected, cExpected);
                Assertions.Close(hExpected, hOut.AsSpan(s * hSize, hSize), $"{name} batch {batch} stream {s} h");
                Assertions.Close(cExpected, cOut.AsSpan(s * cSize, cSize), $"{name} batch {batch} stream {s} c");
            }
        }
    }

    [Fact]
    public void A_single_stream_batch_is_bit_identical_to_Step()
    {
        // A group of one takes the fused one-stream kernel, so nothing changes order.
        (RecurrentModel model, _) = ModelParityTests.Build("lstm-3-proj-peep", 15);
        float[] x = RandomWeights.Uniform(new Random(16), model.InputSize, 1f);
        float[] state = RandomWeights.Uniform(new Random(17), model.StateSize, 0.5f), batched = (float[])state.Clone();
        float[] output = new float[model.OutputSize], batchedOutput = new float[model.OutputSize];
        model.Step(x, state, output);
        model.StepBatch(x, batched, batchedOutput);
        Assert.Equal(state, batched);
        Assert.Equal(output, batchedOutput);
    }

    private static void AssertBatchesMatchSteps(RecurrentModel model, string name)
    {
        var random = new Random(name.Length);
        for (int batch = 1; batch <= MaxBatch; batch++)
        {
            float[] states = RandomWeights.Uniform(random, batch * model.StateSize, 0.5f);
            float[] expectedStates = (float[])states.Clone();
            float[] outputs = new float[batch * model.OutputSize], expected = new float[model.OutputSize];
            for (int step = 0; step < Steps; step++)
            {
                float[] inputs = RandomWeights.Uniform(random, batch * model.InputSize, 1f);
                model.StepBatch(inputs, states, outputs);
                for (int s = 0; s < batch; s++)
                {
                    model.Step(inputs.AsSpan(s * model.InputSize, model.InputSize), expectedStates.AsSpan(s * model.StateSize, model.StateSize), expected);
                    Assertions.Close(expected, outputs.AsSpan(s * model.OutputSize, model.OutputSize), $"{name} batch {batch} step {step} stream {s} output");
                }

                Assertions.Close(expectedStates, states, $"{name} batch {batch} step {step} states");
            }
        }
    }

    private static ModelSpec Spec(string name) => name == "gru-before-head"
        ? new ModelSpec { Cell = new CellSpec { Kind = CellKind.Gru, InputSize = 9, HiddenSize = 23, GruReset = GruResetMode.BeforeMatmul }, Layers = 2, Head = new HeadSpec { OutputSize = 4, Activation = HeadActivation.Softmax } }
        : ModelCases.Get(name);

    private static CellWeights WithInitialState(CellWeights w, int hidden, Random random) => new()
    {
        WeightIh = w.WeightIh,
        WeightHh = w.WeightHh,
        BiasIh = w.BiasIh,
        BiasHh = w.BiasHh,
        InitialHidden = RandomWeights.Uniform(random, hidden, 0.5f),
        InitialCell = RandomWeights.Uniform(random, hidden, 0.5f),
    };
}
