using System.Reflection;
using Recurrent.Aot.Generator.Tests.Parity;
using Recurrent.Aot.Generator.Tests.Support;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Precision;

/// <summary>
/// Generated models with bfloat16 and int8 weights. Against the runtime's float32 model on the same rounded weights
/// they must agree to float32 rounding (the kernels are right); against PyTorch's float32 outputs the difference is
/// the precision's own error, printed and bounded. CI runs this class once per SIMD path (AVX-512, AVX2, 128-bit, scalar).
/// </summary>
public sealed class ReducedPrecisionParityTests(CompiledPrecisionModels compiled, ITestOutputHelper output) : IClassFixture<CompiledPrecisionModels>
{
    /// <summary>Float32 rounding: 1e-5 absolute up to magnitude 1, relative beyond (the runtime parity rule).</summary>
    private const float Tolerance = 1e-5f;

    /// <summary>
    /// The largest difference from PyTorch's float32 outputs and final states allowed over every fixture, and over the
    /// fixtures other than the three "saturated" ones (weights and inputs scaled up so the activations saturate, which
    /// makes the preactivations and so their rounding errors large). Measured worst: generator/README.md.
    /// </summary>
    private static readonly Dictionary<string, (float All, float Unsaturated)> PyTorchBound = new()
    {
        [RoundedWeights.BFloat16] = (5e-2f, 1e-2f),
        [RoundedWeights.Int8] = (5e-2f, 1e-2f),
    };

    public static TheoryData<string, string> Fixtures
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string name in ParityCases.Embedded)
            {
                foreach (string precision in RoundedWeights.Precisions)
                {
                    data.Add(name, precision);
                }
            }
            return data;
        }
    }

    public static TheoryData<string, string, int> RandomModels
    {
        get
        {
            var data = new TheoryData<string, string, int>();
            foreach (var model in CompiledPrecisionModels.RandomModels)
            {
                foreach (string precision in RoundedWeights.Precisions)
                {
                    data.Add(model.Name, precision, 7);
                    if (model.Name.Contains("Chunked", StringComparison.Ordinal) || model.Layers > 1)
                    {
                        // 23 steps: whole chunks and blocks, then single steps.
                        data.Add(model.Name, precision, 23);
                    }
                }
            }
            return data;
        }
    }

    public static TheoryData<string> Precisions => new(RoundedWeights.Precisions);

    /// <summary>The unidirectional random models, each precision: StepBatch runs them.</summary>
    public static TheoryData<string, string> SteppedRandomModels
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var model in CompiledPrecisionModels.RandomModels.Where(m => !m.Bidirectional))
            {
                foreach (string precision in RoundedWeights.Precisions)
                {
                    data.Add(model.Name, precision);
                }
            }
            return data;
        }
    }

    /// <summary>StepBatch of 1 to 17 streams gives each stream what Step gives it alone, with bfloat16 and int8 weights.</summary>
    [Theory]
    [MemberData(nameof(SteppedRandomModels))]
    public void StepBatch_of_1_to_17_streams_matches_Step_per_stream(string name, string precision)
    {
        var model = CompiledPrecisionModels.RandomModels.Single(m => m.Name == name);
        string driver = "D" + CompiledPrecisionModels.Prefix(precision) + "_" + name;
        var (worst, identical) = StreamGroups.Compare(
            (x, streams, steps, states, batched) => (float[])compiled.Invoke(driver, "StepStreams", x, streams, steps, states, batched),
            model.Inputs,
            model.InitialState());
        output.WriteLine($"{driver}: StepBatch vs Step, 1..{StreamGroups.MaxStreams} streams: max difference {worst:E2}{(identical ? " (bit-identical)" : "")}");
        Assert.True(worst <= StreamGroups.Tolerance, $"{driver}: StepBatch differs from Step by {worst}");
    }

    [Fact]
    public void Every_model_generates_without_diagnostics()
        => Assert.True(compiled.Diagnostics.Count == 0, string.Join("\n", compiled.Diagnostics));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_model_matches_the_runtime_on_the_rounded_weights(string name, string precision)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        string id = ParityCases.Id(name);
        var (expected, expectedStates) = RunRuntime(compiled.Rounded(id, precision), fixture.Inputs, fixture.Batch, fixture.Steps, fixture.InitialStates.ToArray());
        CheckDriver($"{name} {precision}", "D" + CompiledPrecisionModels.Prefix(precision) + "_" + id, fixture.Bidirectional, fixture.Inputs, fixture.Batch, fixture.Steps, fixture.InitialStates, expected, expectedStates);
    }

    [Theory]
    [MemberData(nameof(RandomModels))]
    public void Random_model_matches_the_runtime_on_the_rounded_weights(string name, string precision, int steps)
    {
        var model = CompiledPrecisionModels.RandomModels.Single(m => m.Name == name);
        float[] inputs = model.Inputs(steps);
        float[] initial = model.InitialState();
        var (expected, expectedStates) = RunRuntime(compiled.Rounded(name, precision), inputs, 1, steps, (float[])initial.Clone());
        CheckDriver($"{name} {precision} ({steps} steps)", "D" + CompiledPrecisionModels.Prefix(precision) + "_" + name, model.Bidirectional, inputs, 1, steps, initial, expected, expectedStates);
    }

    /// <summary>Every fixture and random model, for the bit-exactness of the bfloat16 kernels.</summary>
    public static TheoryData<string> AllModels
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in ParityCases.Embedded)
            {
                data.Add(name);
            }
            foreach (var model in CompiledPrecisionModels.RandomModels)
            {
                data.Add(model.Name);
            }
            return data;
        }
    }

    /// <summary>
    /// A bfloat16 model computes exactly what the float32 model of its rounded weights computes: widening is exact and
    /// the paired panels feed every accumulator the same columns in the same order as the float32 walk, so Run and
    /// StepBatch (one stream, and groups of 3, 8 and 17 through the multi-stream kernels) agree bit for bit, on every
    /// SIMD path.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllModels))]
    public void BFloat16_model_equals_the_float32_model_of_its_rounded_weights_bit_for_bit(string name)
    {
        var model = CompiledPrecisionModels.RandomModels.SingleOrDefault(m => m.Name == name);
        bool bidirectional;
        float[] inputs, initial;
        int batch, steps;
        string id;
        if (model is null)
        {
            var fixture = FixtureCase.Load(name + ".safetensors");
            (id, bidirectional, inputs, initial, batch, steps) = (ParityCases.Id(name), fixture.Bidirectional, fixture.Inputs, fixture.InitialStates.ToArray(), fixture.Batch, fixture.Steps);
        }
        else
        {
            steps = 23;
            (id, bidirectional, inputs, initial, batch) = (name, model.Bidirectional, model.Inputs(steps), model.InitialState(), 1);
        }
        foreach (string method in bidirectional ? new[] { "Run" } : new[] { "Run", "StepBatch" })
        {
            var expectedStates = (float[])initial.Clone();
            var expected = (float[])compiled.Invoke("DF_" + id, method, inputs, batch, steps, expectedStates);
            var actualStates = (float[])initial.Clone();
            var actual = (float[])compiled.Invoke("DB_" + id, method, inputs, batch, steps, actualStates);
            AssertBitIdentical($"{name} {method} outputs", expected, actual);
            AssertBitIdentical($"{name} {method} final state", expectedStates, actualStates);
        }
        if (model is not null && !bidirectional)
        {
            // Groups of streams through the multi-stream kernels (one pass over the weights for a whole group).
            foreach (int streams in new[] { 3, 8, StreamGroups.MaxStreams })
            {
                float[] x = model.Inputs(streams * 5);
                var expectedStates = Enumerable.Range(0, streams).SelectMany(_ => initial).ToArray();
                var actualStates = (float[])expectedStates.Clone();
                var expected = (float[])compiled.Invoke("DF_" + id, "StepStreams", x, streams, 5, expectedStates, true);
                var actual = (float[])compiled.Invoke("DB_" + id, "StepStreams", x, streams, 5, actualStates, true);
                AssertBitIdentical($"{name} StepBatch of {streams} streams outputs", expected, actual);
                AssertBitIdentical($"{name} StepBatch of {streams} streams final states", expectedStates, actualStates);
            }
        }
    }

    private static void AssertBitIdentical(string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}: element {i} is {actual[i]:R}, the float32 model of the rounded weights gives {expected[i]:R}");
        }
    }

    /// <summary>The large random cells exist to cover the chunked input projection: they must take it at both precisions.</summary>
    [Theory]
    [MemberData(nameof(Precisions))]
    public void Large_cells_run_the_chunked_input_projection(string precision)
    {
        Assert.True(compiled.Assembly is not null, string.Join("\n", compiled.Diagnostics));
        foreach (var model in CompiledPrecisionModels.RandomModels.Where(m => m.Name.Contains("Chunked", StringComparison.Ordinal)))
        {
            var type = compiled.Assembly.GetType("Fixtures." + CompiledPrecisionModels.Prefix(precision) + "_" + model.Name)!;
            Assert.NotNull(type.GetMethod("Layer0InputProjection", BindingFlags.NonPublic | BindingFlags.Static));
        }
    }

    /// <summary>The error of each precision against PyTorch's float32 results, over every fixture: printed, and bounded.</summary>
    [Theory]
    [MemberData(nameof(Precisions))]
    public void Error_against_pytorch_float32_is_bounded_on_every_fixture(string precision)
    {
        float worst = 0f, worstUnsaturated = 0f;
        string worstName = "", worstUnsaturatedName = "";
        foreach (string name in ParityCases.Embedded)
        {
            var fixture = FixtureCase.Load(name + ".safetensors");
            var states = fixture.InitialStates.ToArray();
            var outputs = (float[])compiled.Invoke("D" + CompiledPrecisionModels.Prefix(precision) + "_" + ParityCases.Id(name), "Run", fixture.Inputs, fixture.Batch, fixture.Steps, states);
            float error = Math.Max(FixtureCase.MaxAbsDifference(fixture.Outputs, outputs), FixtureCase.MaxAbsDifference(fixture.FinalStates, states));
            output.WriteLine($"{precision} {name}: max |generated - PyTorch float32| = {error:E2}");
            Assert.False(float.IsNaN(error), name + " produced NaN");
            if (error > worst)
            {
                (worst, worstName) = (error, name);
            }
            if (!name.EndsWith("_saturated", StringComparison.Ordinal) && error > worstUnsaturated)
            {
                (worstUnsaturated, worstUnsaturatedName) = (error, name);
            }
        }
        output.WriteLine($"{precision}: worst {worst:E2} ({worstName}); without the saturated fixtures {worstUnsaturated:E2} ({worstUnsaturatedName})");
        var bound = PyTorchBound[precision];
        Assert.True(worst <= bound.All, $"{precision}: {worstName} differs from PyTorch by {worst} > {bound.All}");
        Assert.True(worstUnsaturated <= bound.Unsaturated, $"{precision}: {worstUnsaturatedName} differs from PyTorch by {worstUnsaturated} > {bound.Unsaturated}");
        Assert.True(worst > 0f, "a reduced precision that matches float32 exactly did not round anything");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Model_allocates_nothing_after_warm_up(string name, string precision)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        long bytes = (long)compiled.Invoke("D" + CompiledPrecisionModels.Prefix(precision) + "_" + ParityCases.Id(name), "Allocated", fixture.Inputs, fixture.Steps);
        Assert.Equal(0, bytes);
    }

    private static (float[] Outputs, float[] States) RunRuntime(string path, float[] inputs, int batch, int steps, float[] states)
    {
        var model = Recurrent.Aot.RecurrentModel.Load(path);
        var workspace = model.CreateWorkspace(steps);
        int stateSize = states.Length / batch;
        var expected = new float[batch * steps * model.OutputSize];
        for (int b = 0; b < batch; b++)
        {
            model.Run(
                inputs.AsSpan(b * steps * model.InputSize, steps * model.InputSize),
                states.AsSpan(b * stateSize, stateSize),
                expected.AsSpan(b * steps * model.OutputSize, steps * model.OutputSize),
                workspace);
        }
        return (expected, states);
    }

    /// <summary>Run, and StepBatch (the two-stream kernels) where the model steps, against the runtime's outputs and final states.</summary>
    private void CheckDriver(string what, string driver, bool bidirectional, float[] inputs, int batch, int steps, float[] initial, float[] expected, float[] expectedStates)
    {
        var states = (float[])initial.Clone();
        var outputs = (float[])compiled.Invoke(driver, "Run", inputs, batch, steps, states);
        Check(what + " Run outputs", expected, outputs);
        Check(what + " Run final state", expectedStates, states);
        if (!bidirectional)
        {
            var batchStates = (float[])initial.Clone();
            var stepped = (float[])compiled.Invoke(driver, "StepBatch", inputs, batch, steps, batchStates);
            Check(what + " StepBatch outputs", expected, stepped);
            Check(what + " StepBatch final state", expectedStates, batchStates);
        }
    }

    private void Check(string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0f;
        for (int i = 0; i < expected.Length; i++)
        {
            float error = Math.Abs(expected[i] - actual[i]) / Math.Max(1f, Math.Abs(expected[i]));
            Assert.False(float.IsNaN(error), $"{what}: NaN at {i}");
            worst = Math.Max(worst, error);
        }
        output.WriteLine($"{what}: max error against the runtime on the rounded weights {worst:E2}");
        Assert.True(worst <= Tolerance, $"{what}: {worst} > {Tolerance}");
    }
}
