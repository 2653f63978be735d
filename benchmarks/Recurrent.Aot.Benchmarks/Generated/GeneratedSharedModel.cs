using Recurrent.Aot.Benchmarks.Cores;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// A generated model bound once to the seeded weights and stepped by every thread: the instance holds only the
/// packed weights (read-only), and each stream's state is its own <typeparamref name="TState"/> struct.
/// </summary>
public sealed class GeneratedSharedModel<TModel, TState> : ISharedModel
    where TModel : class, IGeneratedCell<TModel, TState>
    where TState : struct
{
    private readonly TModel model = TModel.FromParameters(SeededWeights.Parameters(TModel.Shape));

    public string Implementation => StepperFactory.Generated;

    public ModelShape Shape => TModel.Shape;

    public IStreamSet CreateStreams(int count) => new Streams(model, count);

    private sealed class Streams(TModel model, int count) : IStreamSet
    {
        private readonly TState[] states = new TState[count];
        private readonly float[] input = SeededWeights.Input(TModel.Shape);
        private readonly float[][] outputs = Enumerable.Range(0, count).Select(_ => new float[TModel.Shape.HiddenSize]).ToArray();

        public void StepEach()
        {
            for (int s = 0; s < states.Length; s++)
            {
                model.Step(input, ref states[s], outputs[s]);
            }
        }

        public ReadOnlySpan<float> Hidden(int stream) => outputs[stream];
    }
}
