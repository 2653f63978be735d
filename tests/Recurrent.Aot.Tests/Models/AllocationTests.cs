using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>No run method allocates after construction: measured per thread after one warm-up call.</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 0, false)]
    [InlineData(CellKind.Lstm, 5, true)]
    [InlineData(CellKind.Gru, 0, false)]
    [InlineData(CellKind.Gru, 0, true)]
    [InlineData(CellKind.Rnn, 0, false)]
    public void Cell_steps_allocate_nothing(CellKind kind, int proj, bool option)
    {
        var spec = new CellSpec
        {
            Kind = kind, InputSize = 8, HiddenSize = 32, ProjSize = proj,
            Peepholes = kind == CellKind.Lstm && option,
            GruReset = kind == CellKind.Gru && option ? GruResetMode.BeforeMatmul : GruResetMode.AfterMatmul,
        };
        RecurrentCell cell = RecurrentCell.Create(spec, RandomWeights.For(spec, new Random(1)));
        float[] x = new float[8], h = new float[spec.OutputSize], c = new float[spec.CellStateSize];
        float[] hOut = new float[h.Length], cOut = new float[c.Length];
        Assert.Equal(0, Measure(() => cell.Step(x, h, c, hOut, cOut), 1000));
    }

    [Theory]
    [InlineData("lstm-3-proj-peep")]
    [InlineData("gru-2")]
    [InlineData("rnn-relu-2-head")]
    public void Model_steps_and_generation_allocate_nothing(string name)
    {
        (RecurrentModel model, _) = ModelParityTests.Build(name, 1);
        float[] x = new float[model.InputSize], state = new float[model.StateSize], output = new float[model.OutputSize];
        Assert.Equal(0, Measure(() => model.Step(x, state, output), 1000));

        if (model.OutputSize == model.InputSize)
        {
            var generated = new float[10 * model.OutputSize];
            Assert.Equal(0, Measure(() => model.Generate(x, state, generated), 20));
        }
    }

    [Fact]
    public void Generation_allocates_nothing()
    {
        var spec = new ModelSpec { Cell = new CellSpec { Kind = CellKind.Gru, InputSize = 4, HiddenSize = 4 }, Layers = 2 };
        RecurrentModel model = RecurrentModel.Create(spec, RandomWeights.For(spec, new Random(2)));
        float[] first = [1f, 0f, -1f, 0.5f];
        float[] state = new float[model.StateSize], generated = new float[50 * 4];
        Assert.Equal(0, Measure(() => model.Generate(first, state, generated), 20));
    }

    [Theory]
    [MemberData(nameof(ModelParityTests.Cases), MemberType = typeof(ModelParityTests))]
    public void Sequence_runs_allocate_nothing(string name)
    {
        (RecurrentModel model, _) = ModelParityTests.Build(name, 2);
        const int seq = 20, batch = 3;
        ModelWorkspace workspace = model.CreateWorkspace(seq, batch);
        float[] inputs = RandomWeights.Uniform(new Random(3), seq * batch * model.InputSize, 1f);
        float[] states = new float[batch * model.StateSize], outputs = new float[seq * batch * model.OutputSize];
        int[] lengths = [20, 7, 13];
        Assert.Equal(0, Measure(() => model.RunBatch(inputs, batch, lengths, states, outputs, workspace), 20));

        float[] single = inputs[..(seq * model.InputSize)];
        float[] state = new float[model.StateSize], sequenceOutputs = new float[seq * model.OutputSize], last = new float[model.OutputSize];
        Assert.Equal(0, Measure(() => model.Run(single, state, sequenceOutputs, workspace), 20));
        Assert.Equal(0, Measure(() => model.RunLast(single, state, last, workspace), 20));
    }

    /// <summary>
    /// Bytes allocated by <paramref name="calls"/> calls after one warm-up call. The smallest of three rounds:
    /// a real per-call allocation shows in every round, while rare one-off runtime bookkeeping on the test
    /// thread (seen once under DOTNET_EnableHWIntrinsic=0 with the whole suite running) does not.
    /// </summary>
    private static long Measure(Action action, int calls)
    {
        action();
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
                action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
