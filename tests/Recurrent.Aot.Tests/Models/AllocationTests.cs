using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>
/// No run method allocates after construction: measured per thread, after a warm-up round of the same calls,
/// over three rounds that must each allocate nothing.
/// </summary>
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
        AssertAllocatesNothing(() => cell.Step(x, h, c, hOut, cOut), 1000);
    }

    [Theory]
    [InlineData("lstm-3-proj-peep")]
    [InlineData("gru-2")]
    [InlineData("rnn-relu-2-head")]
    public void Model_steps_and_generation_allocate_nothing(string name)
    {
        (RecurrentModel model, _) = ModelParityTests.Build(name, 1);
        float[] x = new float[model.InputSize], state = new float[model.StateSize], output = new float[model.OutputSize];
        AssertAllocatesNothing(() => model.Step(x, state, output), 1000);

        if (model.OutputSize == model.InputSize)
        {
            var generated = new float[10 * model.OutputSize];
            AssertAllocatesNothing(() => model.Generate(x, state, generated), 20);
        }
    }

    [Fact]
    public void Generation_allocates_nothing()
    {
        var spec = new ModelSpec { Cell = new CellSpec { Kind = CellKind.Gru, InputSize = 4, HiddenSize = 4 }, Layers = 2 };
        RecurrentModel model = RecurrentModel.Create(spec, RandomWeights.For(spec, new Random(2)));
        float[] first = [1f, 0f, -1f, 0.5f];
        float[] state = new float[model.StateSize], generated = new float[50 * 4];
        AssertAllocatesNothing(() => model.Generate(first, state, generated), 20);
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
        AssertAllocatesNothing(() => model.RunBatch(inputs, batch, lengths, states, outputs, workspace), 20);

        float[] single = inputs[..(seq * model.InputSize)];
        float[] state = new float[model.StateSize], sequenceOutputs = new float[seq * model.OutputSize], last = new float[model.OutputSize];
        AssertAllocatesNothing(() => model.Run(single, state, sequenceOutputs, workspace), 20);
        AssertAllocatesNothing(() => model.RunLast(single, state, last, workspace), 20);
    }

    [Fact]
    public void Steps_too_large_for_stack_scratch_take_pooled_buffers_and_allocate_nothing()
    {
        // The original GRU (reset before the matmul) needs 3 × hidden floats of cell scratch: at hidden 520 that
        // passes the cell's stack limit, and with h and the state's copy the model's, so both steps rent from the pool.
        var cellSpec = new CellSpec { Kind = CellKind.Gru, InputSize = 8, HiddenSize = 520, GruReset = GruResetMode.BeforeMatmul };
        RecurrentCell cell = RecurrentCell.Create(cellSpec, RandomWeights.For(cellSpec, new Random(4)));
        Assert.True(cell.Packed.ScratchSize > RecurrentCell.StackScratchFloats, $"cell scratch {cell.Packed.ScratchSize} floats fits the stack");
        float[] x = RandomWeights.Uniform(new Random(5), 8, 1f), h = new float[520], hOut = new float[520];
        AssertAllocatesNothing(() => cell.Step(x, h, [], hOut, []), 20);

        var spec = new ModelSpec { Cell = cellSpec, Layers = 2 };
        RecurrentModel model = RecurrentModel.Create(spec, RandomWeights.For(spec, new Random(6)));
        int modelScratch = (2 * 520) + cell.Packed.ScratchSize;
        Assert.True(modelScratch > RecurrentModel.StackScratchFloats, $"model step scratch {modelScratch} floats fits the stack");
        float[] state = new float[model.StateSize], output = new float[model.OutputSize];
        AssertAllocatesNothing(() => model.Step(x, state, output), 20);
    }

    [Theory]
    [InlineData(CellKind.Lstm, WeightPrecision.BFloat16)]
    [InlineData(CellKind.Lstm, WeightPrecision.Int8)]
    [InlineData(CellKind.Gru, WeightPrecision.BFloat16)]
    [InlineData(CellKind.Gru, WeightPrecision.Int8)]
    [InlineData(CellKind.Rnn, WeightPrecision.BFloat16)]
    [InlineData(CellKind.Rnn, WeightPrecision.Int8)]
    public void Reduced_precision_steps_and_sequences_allocate_nothing(CellKind kind, WeightPrecision precision)
    {
        // A projection (LSTM) and the original GRU's two-pass step exercise every reduced kernel.
        var cellSpec = new CellSpec
        {
            Kind = kind, InputSize = 8, HiddenSize = 32, ProjSize = kind == CellKind.Lstm ? 5 : 0,
            GruReset = kind == CellKind.Gru ? GruResetMode.BeforeMatmul : GruResetMode.AfterMatmul,
        };
        RecurrentCell cell = RecurrentCell.Create(cellSpec, RandomWeights.For(cellSpec, new Random(1)), precision);
        float[] x = new float[8], h = new float[cellSpec.OutputSize], c = new float[cellSpec.CellStateSize];
        float[] hOut = new float[h.Length], cOut = new float[c.Length];
        AssertAllocatesNothing(() => cell.Step(x, h, c, hOut, cOut), 1000);

        var spec = new ModelSpec { Cell = cellSpec with { GruReset = GruResetMode.AfterMatmul }, Layers = 2, Head = new HeadSpec { OutputSize = 3 } };
        var random = new Random(2);
        RecurrentModel model = RecurrentModel.Create(spec, RandomWeights.For(spec, random), RandomWeights.Head(spec, random), precision);
        float[] state = new float[model.StateSize], output = new float[model.OutputSize];
        AssertAllocatesNothing(() => model.Step(x, state, output), 1000);

        const int seq = 12, batch = 3;
        ModelWorkspace workspace = model.CreateWorkspace(seq, batch);
        float[] inputs = RandomWeights.Uniform(new Random(3), seq * batch * model.InputSize, 1f);
        float[] states = new float[batch * model.StateSize], outputs = new float[seq * batch * model.OutputSize];
        int[] lengths = [12, 5, 9];
        AssertAllocatesNothing(() => model.RunBatch(inputs, batch, lengths, states, outputs, workspace), 20);
        AssertAllocatesNothing(() => model.Run(inputs.AsSpan(0, seq * model.InputSize), state, outputs.AsSpan(0, seq * model.OutputSize), workspace), 20);
    }

    [Theory]
    [InlineData("lstm-3-proj-peep")]
    [InlineData("gru-2")]
    [InlineData("rnn-relu-2-head")]
    public void Batched_steps_allocate_nothing(string name)
    {
        // 13 streams: a group of 8, one of 4 and one of 1.
        (RecurrentModel model, _) = ModelParityTests.Build(name, 1);
        const int batch = 13;
        float[] inputs = RandomWeights.Uniform(new Random(7), batch * model.InputSize, 1f);
        float[] states = new float[batch * model.StateSize], outputs = new float[batch * model.OutputSize];
        AssertAllocatesNothing(() => model.StepBatch(inputs, states, outputs), 1000);

        CellSpec spec = model.Spec.Cell;
        RecurrentCell cell = RecurrentCell.Create(spec, RandomWeights.For(spec, new Random(8)));
        float[] h = new float[batch * spec.OutputSize], c = new float[batch * spec.CellStateSize];
        float[] hOut = new float[h.Length], cOut = new float[c.Length];
        AssertAllocatesNothing(() => cell.StepBatch(inputs, h, c, hOut, cOut), 1000);
    }

    [Theory]
    [InlineData(WeightPrecision.Float32)]
    [InlineData(WeightPrecision.BFloat16)]
    [InlineData(WeightPrecision.Int8)]
    public void Batched_steps_of_large_models_take_pooled_buffers_and_allocate_nothing(WeightPrecision precision)
    {
        var spec = new ModelSpec { Cell = new CellSpec { Kind = CellKind.Lstm, InputSize = 16, HiddenSize = 96 }, Layers = 2, Head = new HeadSpec { OutputSize = 5 } };
        var random = new Random(9);
        RecurrentModel model = RecurrentModel.Create(spec, RandomWeights.For(spec, random), RandomWeights.Head(spec, random), precision);
        const int batch = 10;
        float[] inputs = RandomWeights.Uniform(random, batch * model.InputSize, 1f);
        float[] states = new float[batch * model.StateSize], outputs = new float[batch * model.OutputSize];
        AssertAllocatesNothing(() => model.StepBatch(inputs, states, outputs), 50);
    }

    /// <summary>
    /// Runs <paramref name="calls"/> calls once to warm up (first-call initialisation, pool rentals, tiering), then
    /// three rounds of as many calls, each of which must allocate nothing on this thread.
    /// </summary>
    /// <remarks>
    /// Each round starts with an induced gen0 collection, which leaves this thread's allocation buffer empty.
    /// Otherwise a collection started by another test thread during the round can charge the unused rest of that
    /// buffer (up to 8 KB) to this thread: seen with an ArrayPool rent/return loop that provably received the
    /// same array every time while another thread forced collections. A real allocation still shows in full.
    /// </remarks>
    private static void AssertAllocatesNothing(Action action, int calls)
    {
        for (int i = 0; i < calls; i++)
            action();
        long[] rounds = new long[3];
        for (int round = 0; round < rounds.Length; round++)
        {
            GC.Collect(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
                action();
            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(rounds.All(bytes => bytes == 0), $"bytes allocated by each round of {calls} calls after the warm-up: {string.Join(", ", rounds)}");
    }
}
