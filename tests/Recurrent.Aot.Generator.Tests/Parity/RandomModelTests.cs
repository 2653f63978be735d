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
            source.Append(DriverSource.For("DS_" + model.Name, "S_" + model.Name, "Model", model.Bidirectional, $"S_{model.Name}.Load(@\"{path}\")", model.Generates));
            string options = model.Fast ? ", FastActivations = true" : "";
            source.Append(CultureInfo.InvariantCulture, $"[RecurrentModel(\"{model.Name}.safetensors\"{options})]\npublic static partial class E_{model.Name};\n\n");
            source.Append(DriverSource.For("DE_" + model.Name, "E_" + model.Name, "E_" + model.Name, model.Bidirectional, load: null, model.Generates));
        }
        foreach (var (encoder, decoder) in RandomModel.EncoderDecoderPairs)
        {
            source.Append(EncoderDecoderDriver("DSED_" + decoder, encoder, decoder, shapeOnly: true));
            source.Append(EncoderDecoderDriver("DEED_" + decoder, encoder, decoder, shapeOnly: false));
        }
        (Diagnostics, Assembly) = GeneratorHarness.Compile(source.ToString(), files.ToArray());
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

    /// <summary>
    /// N→M as a user writes it: the encoder runs the input sequence, its final state (State.CopyTo, the runtime's layout)
    /// starts the decoder (State.CopyFrom), which steps from a zero input and feeds back the one-hot of each step's argmax.
    /// </summary>
    /// <param name="encoderName">The encoder's <see cref="RandomModel"/> name.</param>
    /// <param name="decoderName">The decoder's.</param>
    /// <param name="shapeOnly">Whether the S_ (loaded) or the E_ (embedded) types run.</param>
    private string EncoderDecoderDriver(string driver, string encoderName, string decoderName, bool shapeOnly)
    {
        string encoder = (shapeOnly ? "S_" : "E_") + encoderName, decoder = (shapeOnly ? "S_" : "E_") + decoderName;
        string enc = shapeOnly ? "Enc" : encoder, dec = shapeOnly ? "Dec" : decoder;
        string fields = shapeOnly
            ? $"private static readonly {encoder} Enc = {encoder}.Load(@\"{Path.Combine(Folder, encoderName + ".safetensors")}\");\n" +
              $"private static readonly {decoder} Dec = {decoder}.Load(@\"{Path.Combine(Folder, decoderName + ".safetensors")}\");"
            : "";
        return $$"""
            public static class {{driver}}
            {
                {{fields}}

                public static float[] Decode(float[] inputs, int decodeSteps)
                {
                    const int O = {{decoder}}.OutputSize;
                    var encoderState = default({{encoder}}.State);
                    Span<float> last = stackalloc float[{{encoder}}.OutputSize];
                    {{enc}}.RunLast(inputs, ref encoderState, last);
                    Span<float> handoff = stackalloc float[{{encoder}}.StateSize];
                    encoderState.CopyTo(handoff);
                    var state = default({{decoder}}.State);
                    state.CopyFrom(handoff);
                    var outputs = new float[decodeSteps * O];
                    Span<float> x = stackalloc float[{{decoder}}.InputSize];
                    for (int t = 0; t < decodeSteps; t++)
                    {
                        Span<float> y = outputs.AsSpan(t * O, O);
                        {{dec}}.Step(x, ref state, y);
                        int best = 0;
                        for (int i = 1; i < O; i++) if (y[i] > y[best]) best = i;
                        x.Clear();
                        x[best] = 1f;
                    }
                    return outputs;
                }
            }

            """;
    }
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

    /// <summary>
    /// StepBatch of 1 to 17 streams (groups of 8, 4 and 2 through the multi-stream kernels where the model has them, then
    /// a lone stream; streams in different phases) gives each stream what Step gives it alone, shape-only and embedded.
    /// </summary>
    [Theory]
    [MemberData(nameof(SteppedModels))]
    public void StepBatch_of_1_to_17_streams_matches_Step_per_stream(string name)
    {
        var model = RandomModel.All.Single(m => m.Name == name);
        foreach (string driver in new[] { "DS_", "DE_" })
        {
            var (worst, identical) = StreamGroups.Compare(
                (x, streams, steps, states, batched) => (float[])compiled.Invoke(driver + name, "StepStreams", x, streams, steps, states, batched),
                model.Inputs,
                model.InitialState());
            output.WriteLine($"{driver}{name}: StepBatch vs Step, 1..{StreamGroups.MaxStreams} streams: max difference {worst:E2}{(identical ? " (bit-identical)" : "")}");
            Assert.True(worst <= StreamGroups.Tolerance, $"{driver}{name}: StepBatch differs from Step by {worst}");
        }
    }

    /// <summary>The models whose output can feed their input.</summary>
    public static TheoryData<string, int> GeneratingModelsAndLengths
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var model in RandomModel.All.Where(m => m.Generates))
            {
                data.Add(model.Name, Steps);
                data.Add(model.Name, 40);
            }
            return data;
        }
    }

    public static TheoryData<string, string> EncoderDecoderPairs
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (encoder, decoder) in RandomModel.EncoderDecoderPairs)
            {
                data.Add(encoder, decoder);
            }
            return data;
        }
    }

    /// <summary>Generate (1→N, each output the next input) against the runtime's Generate: every output and the final state.</summary>
    [Theory]
    [MemberData(nameof(GeneratingModelsAndLengths))]
    public void Generate_matches_the_runtime(string name, int steps)
    {
        var model = RandomModel.All.Single(m => m.Name == name);
        var runtime = Recurrent.Aot.RecurrentModel.Load(Path.Combine(compiled.Folder, name + ".safetensors"));
        float[] first = model.Inputs(1);
        float[] state = model.InitialState();
        var expected = new float[steps * model.OutputSize];
        var expectedState = state.ToArray();
        runtime.Generate(first, expectedState, expected);
        foreach (string driver in new[] { "DS_", "DE_" })
        {
            var actualState = state.ToArray();
            var actual = (float[])compiled.Invoke(driver + name, "Generate", first, 1, steps, actualState);
            float outputError = FixtureCase.MaxAbsDifference(expected, actual);
            float stateError = FixtureCase.MaxAbsDifference(expectedState, actualState);
            output.WriteLine($"{driver}{name} Generate, {steps} steps: outputs {outputError:E2}, state {stateError:E2}");
            Assert.True(outputError <= 1e-5f && stateError <= 1e-5f, $"{driver}{name}: Generate outputs differ by {outputError}, final state by {stateError}");
        }
    }

    /// <summary>
    /// An encoder's final state starts a decoder that feeds back the one-hot of its argmax (greedy decoding with Step),
    /// generated (embedded and shape-only) against the runtime doing the same with one state array for both models.
    /// </summary>
    [Theory]
    [MemberData(nameof(EncoderDecoderPairs))]
    public void Encoder_final_state_starts_the_decoder_as_in_the_runtime(string encoderName, string decoderName)
    {
        const int decodeSteps = 9;
        var encoderModel = RandomModel.All.Single(m => m.Name == encoderName);
        var encoder = Recurrent.Aot.RecurrentModel.Load(Path.Combine(compiled.Folder, encoderName + ".safetensors"));
        var decoder = Recurrent.Aot.RecurrentModel.Load(Path.Combine(compiled.Folder, decoderName + ".safetensors"));
        Assert.Equal(encoder.StateSize, decoder.StateSize);
        float[] inputs = encoderModel.Inputs(Steps);
        var state = new float[encoder.StateSize];
        encoder.RunLast(inputs, state, new float[encoder.OutputSize], encoder.CreateWorkspace(Steps));
        int o = decoder.OutputSize;
        var expected = new float[decodeSteps * o];
        var x = new float[decoder.InputSize];
        for (int t = 0; t < decodeSteps; t++)
        {
            Span<float> y = expected.AsSpan(t * o, o);
            decoder.Step(x, state, y);
            int best = 0;
            for (int i = 1; i < o; i++)
            {
                best = y[i] > y[best] ? i : best;
            }
            Array.Clear(x);
            x[best] = 1f;
        }
        foreach (string driver in new[] { "DSED_", "DEED_" })
        {
            var actual = (float[])compiled.Invoke(driver + decoderName, "Decode", inputs, decodeSteps);
            float error = FixtureCase.MaxAbsDifference(expected, actual);
            output.WriteLine($"{driver}{decoderName} from {encoderName}: {decodeSteps} greedy steps, outputs {error:E2}");
            Assert.True(error <= 1e-5f, $"{driver}{decoderName}: decoder outputs differ from the runtime's by {error}");
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
