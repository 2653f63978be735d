using Recurrent.Aot.Reference;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>Stacked, bidirectional and headed models against the reference model, and the run methods against each other.</summary>
public sealed class ModelParityTests
{
    public static TheoryData<string> Cases() => ModelCases.Names();

    public static TheoryData<string> UnidirectionalCases() => ModelCases.UnidirectionalNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void RunBatch_with_lengths_matches_the_reference(string name)
    {
        (RecurrentModel model, ReferenceModel reference) = Build(name, 11);
        var random = new Random(3);
        const int seq = 9, batch = 4;
        int[] lengths = [9, 0, 4, 1];
        float[] inputs = RandomWeights.Uniform(random, seq * batch * model.InputSize, 1.5f);
        float[] states = RandomWeights.Uniform(random, batch * model.StateSize, 0.5f);
        float[] refStates = (float[])states.Clone();
        var outputs = new float[seq * batch * model.OutputSize];
        var refOutputs = new float[outputs.Length];

        model.RunBatch(inputs, batch, lengths, states, outputs, model.CreateWorkspace(seq, batch));
        reference.RunBatch(inputs, batch, lengths, refStates, refOutputs);

        Assertions.Close(refOutputs, outputs, $"{name} outputs");
        Assertions.Close(refStates, states, $"{name} states");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_stream_of_a_batch_equals_running_it_alone(string name)
    {
        (RecurrentModel model, _) = Build(name, 12);
        var random = new Random(4);
        const int seq = 7, batch = 3;
        int[] lengths = [3, 7, 5];
        float[] inputs = RandomWeights.Uniform(random, seq * batch * model.InputSize, 1f);
        float[] states = RandomWeights.Uniform(random, batch * model.StateSize, 0.5f);
        float[] initial = (float[])states.Clone();
        var outputs = new float[seq * batch * model.OutputSize];
        ModelWorkspace workspace = model.CreateWorkspace(seq, batch);
        model.RunBatch(inputs, batch, lengths, states, outputs, workspace);

        for (int s = 0; s < batch; s++)
        {
            int length = lengths[s];
            var alone = new float[length * model.InputSize];
            for (int t = 0; t < length; t++)
                inputs.AsSpan((t * batch + s) * model.InputSize, model.InputSize).CopyTo(alone.AsSpan(t * model.InputSize));
            float[] state = initial.AsSpan(s * model.StateSize, model.StateSize).ToArray();
            var aloneOutputs = new float[length * model.OutputSize];
            model.Run(alone, state, aloneOutputs, workspace);

            Assertions.Close(state, states.AsSpan(s * model.StateSize, model.StateSize), $"{name} stream {s} state");
            for (int t = 0; t < seq; t++)
            {
                ReadOnlySpan<float> batched = outputs.AsSpan((t * batch + s) * model.OutputSize, model.OutputSize);
                ReadOnlySpan<float> expected = t < length ? aloneOutputs.AsSpan(t * model.OutputSize, model.OutputSize) : new float[model.OutputSize];
                Assertions.Close(expected, batched, $"{name} stream {s} step {t}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(UnidirectionalCases))]
    public void Streaming_steps_equal_a_whole_sequence_run(string name)
    {
        (RecurrentModel model, _) = Build(name, 13);
        var random = new Random(5);
        const int seq = 6;
        float[] inputs = RandomWeights.Uniform(random, seq * model.InputSize, 1f);
        var runState = new float[model.StateSize];
        var runOutputs = new float[seq * model.OutputSize];
        model.Run(inputs, runState, runOutputs, model.CreateWorkspace(seq));

        var stepState = new float[model.StateSize];
        var output = new float[model.OutputSize];
        for (int t = 0; t < seq; t++)
        {
            model.Step(inputs.AsSpan(t * model.InputSize, model.InputSize), stepState, output);
            Assertions.Close(runOutputs.AsSpan(t * model.OutputSize, model.OutputSize), output, $"{name} step {t}");
        }

        Assertions.Close(runState, stepState, $"{name} final state");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RunLast_returns_the_last_row_of_Run(string name)
    {
        (RecurrentModel model, _) = Build(name, 14);
        var random = new Random(6);
        const int seq = 5;
        float[] inputs = RandomWeights.Uniform(random, seq * model.InputSize, 1f);
        float[] initial = RandomWeights.Uniform(random, model.StateSize, 0.3f);
        ModelWorkspace workspace = model.CreateWorkspace(seq);
        float[] runState = (float[])initial.Clone();
        var outputs = new float[seq * model.OutputSize];
        model.Run(inputs, runState, outputs, workspace);
        float[] lastState = (float[])initial.Clone();
        var last = new float[model.OutputSize];
        model.RunLast(inputs, lastState, last, workspace);

        Assertions.Close(outputs.AsSpan((seq - 1) * model.OutputSize), last, $"{name} last output", 0f);
        Assertions.Close(runState, lastState, $"{name} final state", 0f);
    }

    [Fact]
    public void Generate_feeds_each_output_back_as_the_next_input()
    {
        var spec = new ModelSpec
        {
            Cell = new CellSpec { Kind = CellKind.Lstm, InputSize = 3, HiddenSize = 10 },
            Layers = 2,
            Head = new HeadSpec { OutputSize = 3 },
        };
        var random = new Random(8);
        IReadOnlyList<CellWeights> weights = RandomWeights.For(spec, random);
        HeadWeights? head = RandomWeights.Head(spec, random);
        RecurrentModel model = RecurrentModel.Create(spec, weights, head);
        var reference = new ReferenceModel(spec, weights, head);
        float[] first = [0.5f, -1f, 0.25f];
        var state = new float[model.StateSize];
        var generated = new float[6 * 3];
        model.Generate(first, state, generated);

        var refState = new float[model.StateSize];
        float[] input = first;
        for (int i = 0; i < 6; i++)
        {
            var output = new float[3];
            reference.Step(input, refState, output);
            Assertions.Close(output, generated.AsSpan(i * 3, 3), $"generated step {i}");
            input = output;
        }

        Assertions.Close(refState, state, "state after generating");
    }

    [Fact]
    public void State_slices_follow_the_PyTorch_h_n_c_n_order()
    {
        ModelSpec spec = ModelCases.Get("lstm-2-bidi");
        RecurrentModel model = RecurrentModel.Create(spec, RandomWeights.For(spec, new Random(1)));
        float[] state = Enumerable.Range(0, model.StateSize).Select(i => (float)i).ToArray();
        int h = spec.Cell.OutputSize, c = spec.Cell.HiddenSize;
        Assert.Equal(4 * h + 4 * c, model.StateSize);
        Assert.Equal(3 * h, model.GetHidden(state, 1, 1)[0]);
        Assert.Equal(h, model.GetHidden(state, 0, 1)[0]);
        Assert.Equal(4 * h + 2 * c, model.GetCell(state, 1, 0)[0]);
        Assert.Equal(c, model.GetCell(state, 0, 0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.GetHidden(state, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.GetHidden(state, 0, 2));
    }

    internal static (RecurrentModel Model, ReferenceModel Reference) Build(string name, int seed)
    {
        ModelSpec spec = ModelCases.Get(name);
        var random = new Random(seed);
        IReadOnlyList<CellWeights> weights = RandomWeights.For(spec, random);
        HeadWeights? head = RandomWeights.Head(spec, random);
        return (RecurrentModel.Create(spec, weights, head), new ReferenceModel(spec, weights, head));
    }
}
