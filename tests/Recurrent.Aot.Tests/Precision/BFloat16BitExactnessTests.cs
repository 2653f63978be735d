using Recurrent.Aot.Tests.Parity;

namespace Recurrent.Aot.Tests.Precision;

/// <summary>
/// A bfloat16 model computes exactly what the float32 kernels compute on the rounded weights, bit for bit: widening is
/// exact and the paired bfloat16 walk gives every accumulator the same columns in the same order as the float32 walk.
/// This pins the summation order of the paired layout (a tolerance would let a reordering through).
/// </summary>
public sealed class BFloat16BitExactnessTests
{
    public static TheoryData<string> Cases() => [.. ParityCases.Ids];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bfloat16_model_equals_the_float32_model_of_the_rounded_weights_bit_for_bit(string id)
    {
        var fixture = ParityFixture.Load(id);
        RecurrentModel reduced = ReducedModels.Load(fixture.Path, WeightPrecision.BFloat16);
        RecurrentModel reference = ReducedModels.Float32Equivalent(fixture.File, WeightPrecision.BFloat16);
        Assert.Equal(Run(reference, fixture), Run(reduced, fixture));
    }

    /// <summary>Every stream's outputs and final state through Run, and through Step where the model streams, as bits.</summary>
    private static int[] Run(RecurrentModel model, ParityFixture fixture)
    {
        ModelWorkspace workspace = model.CreateWorkspace(fixture.SequenceLength, fixture.Batch);
        var state = new float[model.StateSize];
        var outputs = new float[fixture.SequenceLength * model.OutputSize];
        var bits = new List<int>();
        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            float[] inputs = fixture.StreamInputs(stream);
            fixture.InitialState(stream).CopyTo(state);
            model.Run(inputs, state, outputs, workspace);
            bits.AddRange(outputs.Select(BitConverter.SingleToInt32Bits));
            bits.AddRange(state.Select(BitConverter.SingleToInt32Bits));
            if (!fixture.Bidirectional && !model.Spec.Reverse)
            {
                fixture.InitialState(stream).CopyTo(state);
                for (int t = 0; t < fixture.SequenceLength; t++)
                    model.Step(inputs.AsSpan(t * model.InputSize, model.InputSize), state, outputs.AsSpan(t * model.OutputSize, model.OutputSize));
                bits.AddRange(outputs.Select(BitConverter.SingleToInt32Bits));
                bits.AddRange(state.Select(BitConverter.SingleToInt32Bits));
            }
        }

        return [.. bits];
    }
}
