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

    /// <summary>Every 1→N fixture through each generated model of it: embedded, and shape-only where declared.</summary>
    public static TheoryData<string, string> FeedbackCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string name in ParityCases.Feedback)
            {
                data.Add(name, "DE_");
                if (ParityCases.ShapeOnly.Any(c => c.Case == name))
                {
                    data.Add(name, "DS_");
                }
            }
            return data;
        }
    }

    /// <summary>The embedded fixtures whose output can feed their input (unidirectional, OutputSize == InputSize).</summary>
    public static TheoryData<string> GeneratingCases => new(ParityCases.Embedded.Where(n => ParityCases.Generates(FixtureCase.Load(n + ".safetensors"))));

    [Fact]
    public void Every_fixture_is_run_refused_or_explained()
    {
        var known = ParityCases.Embedded.Concat(ParityCases.Unsupported).ToHashSet();
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
        Assert.All(ParityCases.Feedback, name => Assert.Contains(name, ParityCases.Embedded));
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

    /// <summary>
    /// Generate is emitted exactly where the output can be the next input: a unidirectional model whose OutputSize equals
    /// its InputSize. Every other model has no Generate member (so a call does not compile).
    /// </summary>
    [Fact]
    public void Generate_exists_exactly_on_unidirectional_models_whose_output_is_the_input_size()
    {
        Assert.True(compiled.Assembly is not null, string.Join("\n", compiled.Diagnostics));
        var cases = ParityCases.Embedded.Select(n => (Name: n, Type: "E_"))
            .Concat(ParityCases.ShapeOnly.Select(c => (Name: c.Case, Type: "S_")));
        int generating = 0;
        foreach (var (name, prefix) in cases)
        {
            var fixture = FixtureCase.Load(name + ".safetensors");
            var type = compiled.Assembly.GetType("Fixtures." + prefix + ParityCases.Id(name))!;
            bool has = type.GetMethods().Any(m => m.Name == "Generate");
            Assert.True(has == ParityCases.Generates(fixture), $"{prefix}{name}: Generate {(has ? "emitted" : "missing")} (input {fixture.InputSize}, output {fixture.OutputSize}, bidirectional {fixture.Bidirectional})");
            generating += has ? 1 : 0;
        }
        Assert.True(generating >= ParityCases.Feedback.Length * 2, $"only {generating} generated models have Generate");
    }

    /// <summary>1→N: PyTorch fed each output back as the next input; Generate from the first input retraces every output and the final state.</summary>
    [Theory]
    [MemberData(nameof(FeedbackCases))]
    public void Generate_retraces_the_pytorch_feedback_fixture(string name, string driver)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        var states = fixture.InitialStates.ToArray();
        var outputs = (float[])compiled.Invoke(driver + ParityCases.Id(name), "Generate", fixture.Inputs, fixture.Batch, fixture.Steps, states);
        Check($"{driver}{name} Generate outputs", fixture.Outputs, outputs);
        Check($"{driver}{name} Generate final state", fixture.FinalStates, states);
    }

    /// <summary>Generate against the runtime's RecurrentModel.Generate from each stream's first input and initial state (two more steps than the fixture).</summary>
    [Theory]
    [MemberData(nameof(GeneratingCases))]
    public void Embedded_Generate_matches_the_runtime(string name)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        var model = Recurrent.Aot.RecurrentModel.Load(GeneratorHarness.Fixture(name + ".safetensors"));
        int steps = fixture.Steps + 2;
        var expected = new float[fixture.Batch * steps * model.OutputSize];
        var expectedStates = fixture.InitialStates.ToArray();
        for (int b = 0; b < fixture.Batch; b++)
        {
            model.Generate(
                fixture.Inputs.AsSpan(b * fixture.Steps * fixture.InputSize, fixture.InputSize),
                expectedStates.AsSpan(b * fixture.StateSize, fixture.StateSize),
                expected.AsSpan(b * steps * model.OutputSize, steps * model.OutputSize));
        }
        var states = fixture.InitialStates.ToArray();
        var actual = (float[])compiled.Invoke("DE_" + ParityCases.Id(name), "Generate", fixture.Inputs, fixture.Batch, steps, states);
        Check($"{name} Generate vs runtime, outputs", expected, actual);
        Check($"{name} Generate vs runtime, final state", expectedStates, states);
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
