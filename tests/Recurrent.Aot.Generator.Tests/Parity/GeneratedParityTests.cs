using Recurrent.Aot.Generator.Tests.Support;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Parity;

/// <summary>
/// Generated models against PyTorch's (and the numpy reference's) results and against the runtime's
/// RecurrentModel, max abs error ≤ 1e-5. CI runs this class once per SIMD path (AVX-512, AVX2, 128-bit, scalar).
/// </summary>
public sealed class GeneratedParityTests(CompiledFixtures compiled, ITestOutputHelper output) : IClassFixture<CompiledFixtures>
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<string> EmbeddedCases => new(ParityCases.Embedded);

    public static TheoryData<string> ShapeOnlyCases => new(ParityCases.ShapeOnly.Select(c => c.Case));

    [Fact]
    public void Every_fixture_is_run_refused_or_explained()
    {
        var known = ParityCases.Embedded.Concat(ParityCases.Unsupported).Concat(ParityCases.NotApplicable).ToHashSet();
        foreach (string folder in new[] { "pytorch", "reference" })
        {
            foreach (string file in Directory.GetFiles(GeneratorHarness.Fixture(folder), "*.safetensors"))
            {
                string name = folder + "/" + Path.GetFileNameWithoutExtension(file);
                Assert.True(known.Contains(name), $"Fixture {name} is not listed in ParityCases.");
            }
        }
        foreach (string name in known)
        {
            Assert.True(File.Exists(GeneratorHarness.Fixture(name + ".safetensors")), $"Fixture {name} is listed but missing.");
        }
    }

    [Fact]
    public void Every_parity_model_generates_without_diagnostics()
        => Assert.True(compiled.Diagnostics.Count == 0, string.Join("\n", compiled.Diagnostics));

    [Theory]
    [MemberData(nameof(EmbeddedCases))]
    public void Embedded_model_matches_the_fixture(string name) => CheckSequence(name, "DE_" + ParityCases.Id(name));

    [Theory]
    [MemberData(nameof(ShapeOnlyCases))]
    public void Shape_only_model_loaded_at_run_time_matches_the_fixture(string name) => CheckSequence(name, "DS_" + ParityCases.Id(name));

    [Theory]
    [MemberData(nameof(EmbeddedCases))]
    public void Embedded_model_matches_the_runtime(string name)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        var model = Recurrent.Aot.RecurrentModel.Load(GeneratorHarness.Fixture(name + ".safetensors"));
        var workspace = model.CreateWorkspace(fixture.Steps);
        var expected = new float[fixture.Batch * fixture.Steps * model.OutputSize];
        for (int b = 0; b < fixture.Batch; b++)
        {
            var state = fixture.InitialStates.AsSpan(b * fixture.StateSize, fixture.StateSize).ToArray();
            model.Run(
                fixture.Inputs.AsSpan(b * fixture.Steps * fixture.InputSize, fixture.Steps * fixture.InputSize),
                state,
                expected.AsSpan(b * fixture.Steps * model.OutputSize, fixture.Steps * model.OutputSize),
                workspace);
        }
        var actual = (float[])compiled.Invoke("DE_" + ParityCases.Id(name), "Run", fixture.Inputs, fixture.Batch, fixture.Steps, fixture.InitialStates.ToArray());
        float error = FixtureCase.MaxAbsDifference(expected, actual);
        output.WriteLine($"{name}: max |generated - runtime| = {error:E2}");
        Assert.True(error <= Tolerance, $"{name}: generated differs from the runtime by {error}");
    }

    [Theory]
    [MemberData(nameof(EmbeddedCases))]
    public void Embedded_model_allocates_nothing_after_warm_up(string name)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        long bytes = (long)compiled.Invoke("DE_" + ParityCases.Id(name), "Allocated", fixture.Inputs, fixture.Steps);
        Assert.Equal(0, bytes);
    }

    [Theory]
    [MemberData(nameof(ShapeOnlyCases))]
    public void Shape_only_model_allocates_nothing_after_warm_up(string name)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        long bytes = (long)compiled.Invoke("DS_" + ParityCases.Id(name), "Allocated", fixture.Inputs, fixture.Steps);
        Assert.Equal(0, bytes);
    }

    private void CheckSequence(string name, string driver)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        var states = fixture.InitialStates.ToArray();
        var outputs = (float[])compiled.Invoke(driver, "Run", fixture.Inputs, fixture.Batch, fixture.Steps, states);
        Check(name + " Run outputs", fixture.Outputs, outputs);
        Check(name + " Run final state", fixture.FinalStates, states);

        var last = (float[])compiled.Invoke(driver, "RunLast", fixture.Inputs, fixture.Batch, fixture.Steps, fixture.InitialStates.ToArray());
        var expectedLast = new float[fixture.Batch * fixture.OutputSize];
        for (int b = 0; b < fixture.Batch; b++)
        {
            Array.Copy(fixture.Outputs, ((b * fixture.Steps) + fixture.Steps - 1) * fixture.OutputSize, expectedLast, b * fixture.OutputSize, fixture.OutputSize);
        }
        Check(name + " RunLast", expectedLast, last);

        if (!fixture.Bidirectional)
        {
            var batchStates = fixture.InitialStates.ToArray();
            var stepped = (float[])compiled.Invoke(driver, "StepBatch", fixture.Inputs, fixture.Batch, fixture.Steps, batchStates);
            Check(name + " StepBatch outputs", fixture.Outputs, stepped);
            Check(name + " StepBatch final state", fixture.FinalStates, batchStates);
        }
    }

    private void Check(string what, float[] expected, float[] actual)
    {
        float error = FixtureCase.MaxAbsDifference(expected, actual);
        output.WriteLine($"{what}: max abs error {error:E2}");
        Assert.True(error <= Tolerance, $"{what}: max abs error {error} > {Tolerance}");
    }
}
