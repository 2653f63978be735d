using Recurrent.Aot.TestSupport;
using Recurrent.Aot.Tests.Models;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Batching;

/// <summary>
/// One model, several threads each stepping its own batch of streams at once: the model is only read and every
/// call's scratch is its own, so each thread's results are bit-identical to the same batch stepped alone.
/// </summary>
public sealed class StepBatchThreadTests
{
    private const int Threads = 4;
    private const int Streams = 11;
    private const int Steps = 12;
    private const int Rounds = 10;

    [Theory]
    [MemberData(nameof(StepBatchTests.Models), MemberType = typeof(StepBatchTests))]
    public void Batches_on_several_threads_equal_the_same_batches_stepped_alone(string name)
    {
        (RecurrentModel model, _) = ModelParityTests.Build(name, 31);
        var inputs = new float[Threads][];
        for (int i = 0; i < Threads; i++)
            inputs[i] = RandomWeights.Uniform(new Random(200 + i), Steps * Streams * model.InputSize, 1f);

        var expected = new float[Threads][];
        for (int i = 0; i < Threads; i++)
            expected[i] = StepAll(model, inputs[i]);

        float[][] actual = ConcurrentStreams.Run(Threads, Rounds, index => StepAll(model, inputs[index]));
        for (int i = 0; i < Threads; i++)
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"{name}: the batch on thread {i} differs from the same batch stepped alone");
    }

    /// <summary>Steps a batch through its inputs from the initial state; returns every output, then the final states.</summary>
    private static float[] StepAll(RecurrentModel model, float[] inputs)
    {
        var states = new float[Streams * model.StateSize];
        model.ResetStates(states);
        var outputs = new float[Steps * Streams * model.OutputSize];
        int inStride = Streams * model.InputSize, outStride = Streams * model.OutputSize;
        for (int t = 0; t < Steps; t++)
            model.StepBatch(inputs.AsSpan(t * inStride, inStride), states, outputs.AsSpan(t * outStride, outStride));
        return [.. outputs, .. states];
    }
}
