using System.Globalization;
using System.Reflection;
using System.Text;
using Recurrent.Aot.Generator.Tests.Support;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Parity;

/// <summary>Random weights for the shapes in <see cref="RandomModel.All"/>, generated twice (shape-only and embedded) and compiled once.</summary>
public sealed class CompiledRandomModels : IDisposable
{
    public CompiledRandomModels()
    {
        Folder = Path.Combine(Path.GetTempPath(), "raot-random-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var source = new StringBuilder("using System;\nusing Recurrent.Aot.Generation;\nnamespace Fixtures;\n\n");
        var files = new List<string>();
        foreach (var model in RandomModel.All)
        {
            string path = model.Write(Folder);
            files.Add(path);
            source.Append(CultureInfo.InvariantCulture, $"{model.Attribute}\npublic sealed partial class S_{model.Name};\n\n");
            source.Append(DriverSource.For("DS_" + model.Name, "S_" + model.Name, "Model", model.Bidirectional, $"S_{model.Name}.Load(@\"{path}\")"));
            string options = model.Fast ? ", FastActivations = true" : "";
            source.Append(CultureInfo.InvariantCulture, $"[RecurrentModel(\"{model.Name}.safetensors\"{options})]\npublic static partial class E_{model.Name};\n\n");
            source.Append(DriverSource.For("DE_" + model.Name, "E_" + model.Name, "E_" + model.Name, model.Bidirectional, load: null));
        }
        var (result, output) = GeneratorHarness.Run(source.ToString(), files.ToArray());
        Diagnostics = result.Diagnostics.Select(d => d.ToString()).ToList();
        Assembly = Diagnostics.Count == 0 ? GeneratorHarness.Load(output) : null;
    }

    public string Folder { get; }

    public List<string> Diagnostics { get; }

    public Assembly? Assembly { get; }

    public object Invoke(string driver, string method, params object[] args)
    {
        Assert.True(Assembly is not null, "Generation reported: " + string.Join("\n", Diagnostics));
        var info = Assembly.GetType("Fixtures." + driver)!.GetMethod(method)!;
        return info.Invoke(null, args)!;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>
/// Generated models with panels of 16 (the 512-bit branch), tiled column loops, projection with a
/// bidirectional stack and a head, against the runtime's RecurrentModel on the same random weights.
/// </summary>
public sealed class RandomModelTests(CompiledRandomModels compiled, ITestOutputHelper output) : IClassFixture<CompiledRandomModels>
{
    private const int Steps = 7;

    public static TheoryData<string> Models => new(RandomModel.All.Select(m => m.Name));

    /// <summary>The models that can step (bidirectional ones need the whole sequence).</summary>
    public static TheoryData<string> SteppedModels => new(RandomModel.All.Where(m => !m.Bidirectional).Select(m => m.Name));

    /// <summary>
    /// The chunked and the stacked unidirectional models (which run blocks layer by layer) over sequences that fill
    /// whole blocks of 16 steps and end with a partial one: 23 = 16 + 4 + 3 single steps, 35 = 16 + 16 + 3.
    /// </summary>
    public static TheoryData<string, int> ChunkedModelsAndLengths
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var model in RandomModel.All.Where(m => m.Name.Contains("Chunked", StringComparison.Ordinal) || (m.Layers > 1 && !m.Bidirectional)))
            {
                data.Add(model.Name, 23);
                data.Add(model.Name, 35);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Shape_only_and_embedded_models_match_the_runtime(string name) => AssertRunMatchesRuntime(name, Steps);

    [Theory]
    [MemberData(nameof(ChunkedModelsAndLengths))]
    public void Chunked_runs_match_the_runtime_over_long_sequences(string name, int steps) => AssertRunMatchesRuntime(name, steps);

    /// <summary>Run (every output and the final state) and RunLast (the last output) against the runtime's Run.</summary>
    private void AssertRunMatchesRuntime(string name, int steps)
    {
        var model = RandomModel.All.Single(m => m.Name == name);
        var runtime = Recurrent.Aot.RecurrentModel.Load(Path.Combine(compiled.Folder, name + ".safetensors"));
        float[] inputs = model.Inputs(steps);
        float[] state = model.InitialState();
        var expected = new float[steps * model.OutputSize];
        var expectedState = state.ToArray();
        runtime.Run(inputs, expectedState, expected, runtime.CreateWorkspace(steps));
        float[] expectedLast = expected.AsSpan((steps - 1) * model.OutputSize).ToArray();
        foreach (string driver in new[] { "DS_", "DE_" })
        {
            var actualState = state.ToArray();
            var actual = (float[])compiled.Invoke(driver + name, "Run", inputs, 1, steps, actualState);
            var last = (float[])compiled.Invoke(driver + name, "RunLast", inputs, 1, steps, state.ToArray());
            float outputError = FixtureCase.MaxAbsDifference(expected, actual);
            float stateError = FixtureCase.MaxAbsDifference(expectedState, actualState);
            float lastError = FixtureCase.MaxAbsDifference(expectedLast, last);
            output.WriteLine($"{driver}{name}, {steps} steps: outputs {outputError:E2}, state {stateError:E2}, RunLast {lastError:E2}");
            Assert.True(outputError <= 1e-5f && stateError <= 1e-5f && lastError <= 1e-5f, $"{driver}{name}, {steps} steps: outputs differ by {outputError}, final state by {stateError}, RunLast by {lastError}");
        }
    }

    /// <summary>
    /// StepBatch over three streams (a pair through the two-stream kernels where the model has them, then one
    /// stream alone) gives each stream the runtime's numbers, from three different initial states.
    /// </summary>
    [Theory]
    [MemberData(nameof(SteppedModels))]
    public void StepBatch_of_three_streams_matches_the_runtime_per_stream(string name)
    {
        var model = RandomModel.All.Single(m => m.Name == name);
        const int streams = 3;
        var runtime = Recurrent.Aot.RecurrentModel.Load(Path.Combine(compiled.Folder, name + ".safetensors"));
        float[] inputs = model.Inputs(streams * Steps);
        float[] initial = model.InitialState();
        var states = new float[streams * initial.Length];
        for (int b = 0; b < streams; b++)
        {
            for (int i = 0; i < initial.Length; i++)
            {
                states[(b * initial.Length) + i] = initial[i] * (1f - (0.6f * b));
            }
        }
        var expected = new float[streams * Steps * model.OutputSize];
        var expectedStates = states.ToArray();
        var workspace = runtime.CreateWorkspace(Steps);
        for (int b = 0; b < streams; b++)
        {
            runtime.Run(
                inputs.AsSpan(b * Steps * model.Input, Steps * model.Input),
                expectedStates.AsSpan(b * initial.Length, initial.Length),
                expected.AsSpan(b * Steps * model.OutputSize, Steps * model.OutputSize),
                workspace);
        }
        foreach (string driver in new[] { "DS_", "DE_" })
        {
            var actualStates = states.ToArray();
            var actual = (float[])compiled.Invoke(driver + name, "StepBatch", inputs, streams, Steps, actualStates);
            float outputError = FixtureCase.MaxAbsDifference(expected, actual);
            float stateError = FixtureCase.MaxAbsDifference(expectedStates, actualStates);
            output.WriteLine($"{driver}{name} StepBatch x{streams}: outputs {outputError:E2}, state {stateError:E2}");
            Assert.True(outputError <= 1e-5f && stateError <= 1e-5f, $"{driver}{name}: StepBatch outputs differ by {outputError}, final states by {stateError}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Generated_models_allocate_nothing_after_warm_up(string name)
    {
        var model = RandomModel.All.Single(m => m.Name == name);
        Assert.Equal(0L, (long)compiled.Invoke("DS_" + name, "Allocated", model.Inputs(Steps), Steps));
        Assert.Equal(0L, (long)compiled.Invoke("DE_" + name, "Allocated", model.Inputs(Steps), Steps));
    }
}
