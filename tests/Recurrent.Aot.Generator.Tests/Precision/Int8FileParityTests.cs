using Recurrent.Aot.Generator.Tests.Parity;
using Recurrent.Aot.Generator.Tests.Support;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Precision;

/// <summary>
/// Models embedded from int8 and bfloat16 files (<see cref="Int8FileModels"/>) at each declared precision, against the
/// runtime's <c>RecurrentModel.Load</c> of the same file with the same <c>ModelLoadOptions.WeightPrecision</c>: both read
/// the same weights (q · s for Float32, q · s rounded to bfloat16 for BFloat16, the stored q and s for Int8), so what is
/// left is the kernels' float32 summation order. CI runs this class once per SIMD path.
/// </summary>
public sealed class Int8FileParityTests(Int8FileModels compiled, ITestOutputHelper output) : IClassFixture<Int8FileModels>
{
    /// <summary>
    /// Float32 rounding of the sums, 1e-6 absolute up to magnitude 1 and relative beyond: the generated and the runtime
    /// kernels add the same products in different orders (and an int8 row's scale at different points), so they are not
    /// bit-identical, but no weight differs.
    /// </summary>
    private const float Tolerance = 1e-6f;

    public static TheoryData<string, string> CasesAndPrecisions
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var c in Int8FileModels.Cases)
            {
                foreach (var (precision, _) in Int8FileModels.Declared)
                {
                    data.Add(c.Id, precision);
                }
            }
            return data;
        }
    }

    [Fact]
    public void Every_model_generates_without_diagnostics()
        => Assert.True(compiled.Diagnostics.Count == 0, string.Join("\n", compiled.Diagnostics));

    [Theory]
    [MemberData(nameof(CasesAndPrecisions))]
    public void Model_matches_the_runtime_loading_the_same_file_with_the_same_precision(string id, string precision)
    {
        var c = Int8FileModels.Cases.Single(x => x.Id == id);
        var fixture = FixtureCase.Load(c.Fixture + ".safetensors");
        var options = new ModelLoadOptions { WeightPrecision = Enum.Parse<WeightPrecision>(precision) };
        var model = RecurrentModel.Load(compiled.PathOf(id), options);
        Assert.Equal(options.WeightPrecision, model.WeightPrecision);
        var (expected, expectedStates) = RunRuntime(model, fixture.Inputs, fixture.Batch, fixture.Steps, fixture.InitialStates.ToArray());
        string driver = "D" + Int8FileModels.Declared.Single(d => d.Precision == precision).Prefix + "_" + id;
        foreach (string method in fixture.Bidirectional ? new[] { "Run" } : new[] { "Run", "StepBatch" })
        {
            var states = fixture.InitialStates.ToArray();
            var outputs = (float[])compiled.Invoke(driver, method, fixture.Inputs, fixture.Batch, fixture.Steps, states);
            Check($"{id} {precision} {method} outputs", expected, outputs);
            Check($"{id} {precision} {method} final state", expectedStates, states);
        }
    }

    [Theory]
    [MemberData(nameof(CasesAndPrecisions))]
    public void Model_allocates_nothing_after_warm_up(string id, string precision)
    {
        var fixture = FixtureCase.Load(Int8FileModels.Cases.Single(x => x.Id == id).Fixture + ".safetensors");
        string driver = "D" + Int8FileModels.Declared.Single(d => d.Precision == precision).Prefix + "_" + id;
        Assert.Equal(0L, (long)compiled.Invoke(driver, "Allocated", fixture.Inputs, fixture.Steps));
    }

    private static (float[] Outputs, float[] States) RunRuntime(RecurrentModel model, float[] inputs, int batch, int steps, float[] states)
    {
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

    private void Check(string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0f;
        bool identical = true;
        for (int i = 0; i < expected.Length; i++)
        {
            float error = Math.Abs(expected[i] - actual[i]) / Math.Max(1f, Math.Abs(expected[i]));
            Assert.False(float.IsNaN(error), $"{what}: NaN at {i}");
            worst = Math.Max(worst, error);
            identical &= BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]);
        }
        output.WriteLine($"{what}: max difference from the runtime {worst:E2}{(identical ? " (bit-identical)" : "")}");
        Assert.True(worst <= Tolerance, $"{what}: {worst} > {Tolerance}");
    }
}
