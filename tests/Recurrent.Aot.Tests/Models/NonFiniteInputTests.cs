using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>NaN and infinities in the inputs flow through the arithmetic: no exception, NaN where PyTorch gives NaN.</summary>
public sealed class NonFiniteInputTests
{
    public static TheoryData<string> Cases() => ModelCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void NaN_inputs_propagate_to_the_outputs_and_the_state(string name)
    {
        (RecurrentModel model, _) = ModelParityTests.Build(name, 5);
        float[] inputs = RandomWeights.Uniform(new Random(1), 3 * model.InputSize, 1f);
        inputs[model.InputSize] = float.NaN;   // step 1, first feature
        var state = new float[model.StateSize];
        var outputs = new float[3 * model.OutputSize];
        model.Run(inputs, state, outputs, model.CreateWorkspace(3));

        Assert.Contains(outputs.AsSpan(model.OutputSize, model.OutputSize).ToArray(), float.IsNaN);
        Assert.Contains(state, float.IsNaN);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Infinite_inputs_do_not_throw_and_match_the_reference(string name)
    {
        (RecurrentModel model, Reference.ReferenceModel reference) = ModelParityTests.Build(name, 6);
        float[] inputs = RandomWeights.Uniform(new Random(2), 2 * model.InputSize, 1f);
        inputs[0] = float.PositiveInfinity;
        inputs[^1] = float.NegativeInfinity;
        var state = new float[model.StateSize];
        var refState = new float[model.StateSize];
        var outputs = new float[2 * model.OutputSize];
        var refOutputs = new float[outputs.Length];
        model.Run(inputs, state, outputs, model.CreateWorkspace(2));
        reference.RunBatch(inputs, 1, [2], refState, refOutputs);

        Assertions.Close(refOutputs, outputs, name);
        Assertions.Close(refState, state, name);
    }
}
