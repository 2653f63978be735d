using System.Globalization;
using Recurrent.Aot.Tests.Parity;
using Recurrent.Aot.Tests.Support;
using Xunit.Abstractions;

namespace Recurrent.Aot.Tests.Precision;

/// <summary>
/// Every PyTorch and reference fixture at bfloat16 and int8, through Run, RunLast, RunBatch, Step and Generate:
/// (1) exactness: the reduced model equals a float32 model built from the rounded / dequantized weights to float32
/// tolerance, so the reduced kernels (widening, int8 row scales) are right on this SIMD path; (2) the error the
/// precision itself costs against PyTorch's float32 outputs, logged per fixture and held to a loose bound.
/// CI reruns these under every SIMD setting, like the float32 parity tests.
/// </summary>
public sealed class ReducedPrecisionParityTests(ITestOutputHelper output)
{
    /// <summary>Reduced sums are ordered differently (int8: Σq·x·s instead of Σ(q·s)·x), so float32 rounding differs slightly.</summary>
    private const float ExactnessTolerance = 2e-5f;

    /// <summary>
    /// A loose ceiling on |reduced − PyTorch float32| over every output and state of every fixture; the measured worst
    /// per precision is logged (and quoted in the README). It catches a broken scale or widening, which gives O(1) errors.
    /// </summary>
    private static readonly Dictionary<WeightPrecision, double> PyTorchBound = new()
    {
        [WeightPrecision.BFloat16] = 0.05,
        [WeightPrecision.Int8] = 0.1,
    };

    public static TheoryData<string, WeightPrecision> EveryCase()
    {
        var data = new TheoryData<string, WeightPrecision>();
        foreach (string id in ParityCases.Ids)
        {
            foreach (WeightPrecision precision in ReducedModels.Reduced)
                data.Add(id, precision);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void Every_run_method_equals_the_float32_model_of_the_rounded_weights(string id, WeightPrecision precision)
    {
        var fixture = ParityFixture.Load(id);
        RecurrentModel reduced = ReducedModels.Load(fixture.Path, precision);
        RecurrentModel reference = ReducedModels.Float32Equivalent(fixture.File, precision);
        Assert.Equal(precision, reduced.WeightPrecision);
        Assert.Equal(WeightPrecision.Float32, reference.WeightPrecision);

        var actual = RunAll(reduced, fixture).ToList();
        var expected = RunAll(reference, fixture).ToList();
        Assert.Equal(expected.Select(e => e.Method), actual.Select(a => a.Method));
        for (int i = 0; i < expected.Count; i++)
            Assertions.Close(expected[i].Values, actual[i].Values, $"{id} at {precision} via {expected[i].Method}", ExactnessTolerance);
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void The_error_against_PyTorch_float32_is_bounded_and_logged(string id, WeightPrecision precision)
    {
        var fixture = ParityFixture.Load(id);
        RecurrentModel reduced = ReducedModels.Load(fixture.Path, precision);
        ModelWorkspace workspace = reduced.CreateWorkspace(fixture.SequenceLength);
        var state = new float[reduced.StateSize];
        var outputs = new float[fixture.SequenceLength * reduced.OutputSize];
        double worst = 0;
        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            fixture.InitialState(stream).CopyTo(state);
            reduced.Run(fixture.StreamInputs(stream), state, outputs, workspace);
            worst = Math.Max(worst, MaxAbs(fixture.StreamExpectedOutputs(stream), outputs));
            worst = Math.Max(worst, MaxAbs(fixture.ExpectedFinalState(stream), state));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id} at {precision}: max abs error vs PyTorch float32 {worst:0.0e+0}"));
        Assert.True(worst <= PyTorchBound[precision], $"{id} at {precision}: max abs error vs PyTorch float32 is {worst}, above the bound {PyTorchBound[precision]}.");
    }

    /// <summary>Every run method's outputs and final states, concatenated per method.</summary>
    private static IEnumerable<(string Method, float[] Values)> RunAll(RecurrentModel model, ParityFixture fixture)
    {
        ModelWorkspace workspace = model.CreateWorkspace(fixture.SequenceLength, fixture.Batch);
        var state = new float[model.StateSize];
        var outputs = new float[fixture.SequenceLength * model.OutputSize];
        var run = new List<float>();
        var last = new List<float>();
        var step = new List<float>();
        var generate = new List<float>();
        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            float[] inputs = fixture.StreamInputs(stream);
            fixture.InitialState(stream).CopyTo(state);
            model.Run(inputs, state, outputs, workspace);
            run.AddRange(outputs);
            run.AddRange(state);

            var lastOutput = new float[model.OutputSize];
            fixture.InitialState(stream).CopyTo(state);
            model.RunLast(inputs, state, lastOutput, workspace);
            last.AddRange(lastOutput);
            last.AddRange(state);

            if (!fixture.Bidirectional && !model.Spec.Reverse)
            {
                fixture.InitialState(stream).CopyTo(state);
                for (int t = 0; t < fixture.SequenceLength; t++)
                    model.Step(inputs.AsSpan(t * model.InputSize, model.InputSize), state, outputs.AsSpan(t * model.OutputSize, model.OutputSize));
                step.AddRange(outputs);
                step.AddRange(state);
            }

            if (fixture.Feedback)
            {
                fixture.InitialState(stream).CopyTo(state);
                model.Generate(inputs.AsSpan(0, model.InputSize), state, outputs);
                generate.AddRange(outputs);
                generate.AddRange(state);
            }
        }

        float[] states = [.. fixture.InitialStates];
        var batchOutputs = new float[fixture.ExpectedOutputs.Length];
        int[] lengths = [.. Enumerable.Repeat(fixture.SequenceLength, fixture.Batch)];
        model.RunBatch(fixture.Inputs, fixture.Batch, lengths, states, batchOutputs, workspace);

        yield return ("Run", [.. run]);
        yield return ("RunLast", [.. last]);
        yield return ("RunBatch", [.. batchOutputs, .. states]);
        if (step.Count > 0)
            yield return ("Step", [.. step]);
        if (generate.Count > 0)
            yield return ("Generate", [.. generate]);
    }

    private static double MaxAbs(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)expected[i] - actual[i]);
            worst = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(worst, error);
        }

        return worst;
    }
}
