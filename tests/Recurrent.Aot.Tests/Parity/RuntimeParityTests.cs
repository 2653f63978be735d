using Xunit.Abstractions;

namespace Recurrent.Aot.Tests.Parity;

/// <summary>
/// Holds the runtime's <see cref="RecurrentModel"/> to PyTorch and to the numpy reference: every fixture
/// through every way of running a model (Run per stream, RunLast, RunBatch, Step, Generate), max abs error ≤ 1e-5.
/// CI repeats these under every SIMD setting (AVX-512 off, AVX2 off, intrinsics off).
/// </summary>
public sealed class RuntimeParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Theory]
    [MemberData(nameof(ParityCases.Every), MemberType = typeof(ParityCases))]
    public void Run_matches_the_fixture_for_each_stream(string id)
    {
        var fixture = ParityFixture.Load(id);
        RecurrentModel model = fixture.LoadModel();
        ModelWorkspace workspace = model.CreateWorkspace(fixture.SequenceLength);
        var report = new ParityReport(fixture, "Run");
        var state = new float[model.StateSize];
        var outputs = new float[fixture.SequenceLength * model.OutputSize];

        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            fixture.InitialState(stream).CopyTo(state);
            model.Run(fixture.StreamInputs(stream), state, outputs, workspace);
            report.Compare("output", fixture.StreamExpectedOutputs(stream), outputs, $"stream {stream}, ", model.OutputSize);
            report.CompareState(fixture.ExpectedFinalState(stream), state, stream);
        }

        report.AssertWithin(Tolerance, output);
    }

    [Theory]
    [MemberData(nameof(ParityCases.Every), MemberType = typeof(ParityCases))]
    public void RunLast_matches_the_last_step_of_the_fixture(string id)
    {
        var fixture = ParityFixture.Load(id);
        RecurrentModel model = fixture.LoadModel();
        ModelWorkspace workspace = model.CreateWorkspace(fixture.SequenceLength);
        var report = new ParityReport(fixture, "RunLast");
        var state = new float[model.StateSize];
        var last = new float[model.OutputSize];
        int lastStep = (fixture.SequenceLength - 1) * model.OutputSize;

        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            fixture.InitialState(stream).CopyTo(state);
            model.RunLast(fixture.StreamInputs(stream), state, last, workspace);
            report.Compare("last output", fixture.StreamExpectedOutputs(stream).AsSpan(lastStep), last, $"stream {stream}, ");
            report.CompareState(fixture.ExpectedFinalState(stream), state, stream);
        }

        report.AssertWithin(Tolerance, output);
    }

    [Theory]
    [MemberData(nameof(ParityCases.Every), MemberType = typeof(ParityCases))]
    public void RunBatch_matches_the_fixture(string id)
    {
        var fixture = ParityFixture.Load(id);
        RecurrentModel model = fixture.LoadModel();
        ModelWorkspace workspace = model.CreateWorkspace(fixture.SequenceLength, fixture.Batch);
        var report = new ParityReport(fixture, "RunBatch");
        float[] states = [.. fixture.InitialStates];
        var outputs = new float[fixture.ExpectedOutputs.Length];
        int[] lengths = [.. Enumerable.Repeat(fixture.SequenceLength, fixture.Batch)];

        model.RunBatch(fixture.Inputs, fixture.Batch, lengths, states, outputs, workspace);

        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            report.Compare(
                "output",
                fixture.StreamExpectedOutputs(stream),
                fixture.Gather(outputs, stream, model.OutputSize),
                $"stream {stream}, ",
                model.OutputSize);
            report.CompareState(fixture.ExpectedFinalState(stream), states.AsSpan(stream * model.StateSize, model.StateSize), stream);
        }

        report.AssertWithin(Tolerance, output);
    }

    [Theory]
    [MemberData(nameof(ParityCases.Unidirectional), MemberType = typeof(ParityCases))]
    public void RunBatch_with_shorter_streams_matches_the_fixture_up_to_each_length(string id)
    {
        // A unidirectional model is causal: a stream cut at length L must reproduce the fixture's
        // first L steps, then write zeros, and end in the state Run reaches on those L steps.
        var fixture = ParityFixture.Load(id);
        RecurrentModel model = fixture.LoadModel();
        ModelWorkspace workspace = model.CreateWorkspace(fixture.SequenceLength, fixture.Batch);
        var report = new ParityReport(fixture, "RunBatch with shorter streams");
        int[] lengths = [.. Enumerable.Range(0, fixture.Batch).Select(stream => Math.Max(1, fixture.SequenceLength - 1 - stream))];
        float[] states = [.. fixture.InitialStates];
        var outputs = new float[fixture.ExpectedOutputs.Length];
        float[] expectedOutputs = [.. fixture.ExpectedOutputs];
        for (int t = 0; t < fixture.SequenceLength; t++)
        {
            for (int stream = 0; stream < fixture.Batch; stream++)
            {
                if (t >= lengths[stream])
                {
                    expectedOutputs.AsSpan(((t * fixture.Batch) + stream) * model.OutputSize, model.OutputSize).Clear();
                }
            }
        }

        model.RunBatch(fixture.Inputs, fixture.Batch, lengths, states, outputs, workspace);

        var state = new float[model.StateSize];
        var streamOutputs = new float[fixture.SequenceLength * model.OutputSize];
        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            report.Compare(
                "output",
                fixture.Gather(expectedOutputs, stream, model.OutputSize),
                fixture.Gather(outputs, stream, model.OutputSize),
                $"stream {stream}, ",
                model.OutputSize);
            int length = lengths[stream];
            fixture.InitialState(stream).CopyTo(state);
            model.Run(
                fixture.StreamInputs(stream).AsSpan(0, length * model.InputSize),
                state,
                streamOutputs.AsSpan(0, length * model.OutputSize),
                workspace);
            report.CompareState(state, states.AsSpan(stream * model.StateSize, model.StateSize), stream);
        }

        report.AssertWithin(Tolerance, output);
    }

    [Theory]
    [MemberData(nameof(ParityCases.Feedback), MemberType = typeof(ParityCases))]
    public void Generate_from_the_first_input_matches_the_fixture(string id)
    {
        // The fixture's inputs after the first are its previous outputs, so Generate must retrace it.
        var fixture = ParityFixture.Load(id);
        RecurrentModel model = fixture.LoadModel();
        var report = new ParityReport(fixture, "Generate");
        var state = new float[model.StateSize];
        var outputs = new float[fixture.SequenceLength * model.OutputSize];

        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            fixture.InitialState(stream).CopyTo(state);
            model.Generate(fixture.StreamInputs(stream).AsSpan(0, model.InputSize), state, outputs);
            report.Compare("output", fixture.StreamExpectedOutputs(stream), outputs, $"stream {stream}, ", model.OutputSize);
            report.CompareState(fixture.ExpectedFinalState(stream), state, stream);
        }

        report.AssertWithin(Tolerance, output);
    }

    [Theory]
    [MemberData(nameof(ParityCases.Unidirectional), MemberType = typeof(ParityCases))]
    public void Step_matches_the_fixture_one_step_at_a_time(string id)
    {
        var fixture = ParityFixture.Load(id);
        RecurrentModel model = fixture.LoadModel();
        var report = new ParityReport(fixture, "Step");
        var state = new float[model.StateSize];
        var outputs = new float[fixture.SequenceLength * model.OutputSize];

        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            float[] inputs = fixture.StreamInputs(stream);
            fixture.InitialState(stream).CopyTo(state);
            for (int t = 0; t < fixture.SequenceLength; t++)
            {
                model.Step(
                    inputs.AsSpan(t * model.InputSize, model.InputSize),
                    state,
                    outputs.AsSpan(t * model.OutputSize, model.OutputSize));
            }

            report.Compare("output", fixture.StreamExpectedOutputs(stream), outputs, $"stream {stream}, ", model.OutputSize);
            report.CompareState(fixture.ExpectedFinalState(stream), state, stream);
        }

        report.AssertWithin(Tolerance, output);
    }
}
