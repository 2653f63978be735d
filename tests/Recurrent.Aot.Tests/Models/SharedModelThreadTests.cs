using Recurrent.Aot.TestSupport;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>
/// One loaded model serves many streams on many threads: the model (packed weights, head) is read-only, and
/// everything a stream writes (its state, its outputs, its workspace) belongs to that stream. Results must be
/// bit-identical to running the same streams one after another.
/// </summary>
public sealed class SharedModelThreadTests
{
    private const int Threads = 4;
    private const int Steps = 40;
    private const int Rounds = 25;

    public static TheoryData<string> Cases() => ModelCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streams_on_several_threads_equal_the_same_streams_run_one_after_another(string name)
    {
        (RecurrentModel model, _) = ModelParityTests.Build(name, 21);
        var streams = new Stream[Threads];
        for (int i = 0; i < Threads; i++)
            streams[i] = new Stream(model, seed: 100 + i);

        var expected = new float[Threads][];
        for (int i = 0; i < Threads; i++)
            expected[i] = streams[i].RunOnce(model);

        // Many rounds so the threads' calls overlap in time; every round must give the same bits.
        float[][] actual = ConcurrentStreams.Run(Threads, Rounds, index => streams[index].RunOnce(model));
        for (int i = 0; i < Threads; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"{name}: stream {i} on its own thread differs from the sequential run");
        }
    }

    /// <summary>One stream's input and its own state, outputs and workspace.</summary>
    private sealed class Stream(RecurrentModel model, int seed)
    {
        private readonly float[] _inputs = RandomWeights.Uniform(new Random(seed), Steps * model.InputSize, 1f);
        private readonly ModelWorkspace _workspace = model.CreateWorkspace(Steps);

        /// <summary>
        /// Forward unidirectional models: Step through the sequence, then Run it again from the reached state;
        /// bidirectional and reverse ones (which cannot stream): Run. Returns the outputs followed by the final state.
        /// </summary>
        public float[] RunOnce(RecurrentModel model)
        {
            var state = new float[model.StateSize];
            model.ResetState(state);
            var outputs = new float[2 * Steps * model.OutputSize];
            if (!model.Spec.Bidirectional && !model.Spec.Reverse)
            {
                for (int t = 0; t < Steps; t++)
                    model.Step(_inputs.AsSpan(t * model.InputSize, model.InputSize), state, outputs.AsSpan(t * model.OutputSize, model.OutputSize));
            }

            model.Run(_inputs, state, outputs.AsSpan(Steps * model.OutputSize), _workspace);
            return [.. outputs, .. state];
        }
    }
}
