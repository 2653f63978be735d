using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// A generated model on the seeded weights with its own state. The state is the model's fixed-size
/// struct (it ping-pongs h internally); the output buffer receives h after every step.
/// </summary>
public sealed class GeneratedStepper<TModel, TState> : IStepper
    where TModel : class, IGeneratedCell<TModel, TState>
    where TState : struct
{
    private readonly TModel model;
    private readonly float[] input;
    private readonly float[] output;
    private TState state;

    public GeneratedStepper()
    {
        model = TModel.FromParameters(SeededWeights.Parameters(TModel.Shape));
        input = SeededWeights.Input(TModel.Shape);
        output = new float[TModel.Shape.HiddenSize];
    }

    public string Implementation => StepperFactory.Generated;

    public ModelShape Shape => TModel.Shape;

    public ReadOnlySpan<float> Hidden => output;

    public void RunStep() => model.Step(input, ref state, output);
}
