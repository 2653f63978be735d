using Recurrent.Aot.Generator.Tests.Parity;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Precision;

/// <summary>
/// Shape-only models declared with <c>WeightPrecision = BFloat16</c> or <c>Int8</c>: bound at run time, they pack with the
/// same loops as the embedded model of the same file and precision and run the same kernels, so they equal it bit for
/// bit; they match the runtime's model loaded with the same precision; an int8 file keeps its stored q and scales; bad
/// scales are refused by name. CI runs this class once per SIMD path (AVX-512, AVX2, 128-bit, scalar).
/// </summary>
public sealed class ShapeOnlyPrecisionTests(CompiledShapeOnlyPrecisionModels compiled, ITestOutputHelper output) : IClassFixture<CompiledShapeOnlyPrecisionModels>
{
    /// <summary>Float32 rounding: 1e-5 absolute up to magnitude 1, relative beyond (the runtime parity rule).</summary>
    private const float Tolerance = 1e-5f;

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (name, _) in ParityCases.ShapeOnly)
            {
                foreach (string precision in RoundedWeights.Precisions)
                {
                    data.Add(name, precision);
                }
            }
            return data;
        }
    }

    [Fact]
    public void Every_model_generates_without_diagnostics()
        => Assert.True(compiled.Diagnostics.Count == 0, string.Join("\n", compiled.Diagnostics));

    /// <summary>
    /// Load of the float32 file, FromParameters of its weights, and Load of the file converted to the precision (whose
    /// stored bfloat16 values or int8 q and scales are those the embedded model computes) all equal the embedded model
    /// bit for bit: Run, Step, and StepBatch of one stream and of groups through the multi-stream kernels.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Shape_only_model_equals_the_embedded_model_bit_for_bit(string name, string precision)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        string p = CompiledPrecisionModels.Prefix(precision);
        string id = ParityCases.Id(name);
        string embedded = $"DE{p}_{id}";
        foreach (string binding in new[] { "L", "P", "C" })
        {
            string driver = $"D{binding}{p}_{id}";
            foreach (string method in fixture.Bidirectional ? new[] { "Run" } : new[] { "Run", "StepBatch" })
            {
                var expectedStates = fixture.InitialStates.ToArray();
                var expected = (float[])compiled.Invoke(embedded, method, fixture.Inputs, fixture.Batch, fixture.Steps, expectedStates)!;
                var actualStates = fixture.InitialStates.ToArray();
                var actual = (float[])compiled.Invoke(driver, method, fixture.Inputs, fixture.Batch, fixture.Steps, actualStates)!;
                AssertBitIdentical($"{driver} {method} outputs", expected, actual);
                AssertBitIdentical($"{driver} {method} final state", expectedStates, actualStates);
            }
            if (fixture.Bidirectional)
            {
                continue;
            }
            // Step per stream (batched: false), and groups of streams through StepBatch's multi-stream kernels.
            foreach (var (streams, batched) in new[] { (3, false), (3, true), (8, true), (StreamGroups.MaxStreams, true) })
            {
                const int Steps = 5;
                float[] x = Inputs(streams * Steps * fixture.InputSize);
                var expectedStates = new float[streams * fixture.StateSize];
                var actualStates = new float[streams * fixture.StateSize];
                var expected = (float[])compiled.Invoke(embedded, "StepStreams", x, streams, Steps, expectedStates, batched)!;
                var actual = (float[])compiled.Invoke(driver, "StepStreams", x, streams, Steps, actualStates, batched)!;
                string what = $"{driver} {(batched ? "StepBatch" : "Step")} of {streams} streams";
                AssertBitIdentical(what + " outputs", expected, actual);
                AssertBitIdentical(what + " final states", expectedStates, actualStates);
            }
        }
    }

    /// <summary>
    /// Load of the float32 file matches the runtime's RecurrentModel.Load with the same WeightPrecision; so does Load of an
    /// int8 file whose q reach only ±63: an int8 model keeps the stored q and scales (re-quantizing would change them), a
    /// bfloat16 model rounds q · s, as the runtime does for the same file and option.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Shape_only_model_matches_the_runtime_loaded_with_the_same_precision(string name, string precision)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        string p = CompiledPrecisionModels.Prefix(precision);
        string id = ParityCases.Id(name);
        var options = new ModelLoadOptions { WeightPrecision = CompiledShapeOnlyPrecisionModels.Parse(precision) };
        foreach (var (binding, path) in new[] { ("L", GeneratorHarness.Fixture(name + ".safetensors")), ("I", compiled.Halved(id)) })
        {
            var expectedStates = fixture.InitialStates.ToArray();
            var expected = RunRuntime(path, options, fixture.Inputs, fixture.Batch, fixture.Steps, expectedStates);
            var states = fixture.InitialStates.ToArray();
            string driver = $"D{binding}{p}_{id}";
            var actual = (float[])compiled.Invoke(driver, "Run", fixture.Inputs, fixture.Batch, fixture.Steps, states)!;
            Check($"{driver} Run outputs", expected, actual);
            Check($"{driver} Run final state", expectedStates, states);
        }
    }

    /// <summary>The halved int8 file really is another model than its re-quantized values: the test above can tell them apart.</summary>
    [Fact]
    public void The_halved_int8_file_differs_from_its_requantized_values()
    {
        var (name, _) = ParityCases.ShapeOnly[0];
        var fixture = FixtureCase.Load(name + ".safetensors");
        string halved = compiled.Halved(ParityCases.Id(name));
        var kept = RunRuntime(halved, new ModelLoadOptions { WeightPrecision = Recurrent.Aot.WeightPrecision.Int8 }, fixture.Inputs, fixture.Batch, fixture.Steps, fixture.InitialStates.ToArray());
        string requantizedPath = Path.Combine(compiled.Folder, "requantized.safetensors");
        byte[] bytes = File.ReadAllBytes(halved);
        var file = SafeTensorsFile.Parse(bytes);
        var writer = new SafeTensorsWriter();
        foreach (var tensor in file.Tensors.Where(t => !t.Name.EndsWith("_scale", StringComparison.Ordinal)))
        {
            if (tensor.DType != TensorDType.I8)
            {
                writer.AddRaw(tensor.Name, tensor.DType, CompiledShapeOnlyPrecisionModels.RawBytes(bytes, tensor), tensor.Shape);
                continue;
            }
            // The float32 values the int8 matrix stands for (q · s), which an int8 model would quantize afresh.
            sbyte[] q = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(CompiledShapeOnlyPrecisionModels.RawBytes(bytes, tensor)).ToArray();
            float[] scales = file.ReadFloat32(tensor.Name + "_scale");
            int columns = q.Length / scales.Length;
            writer.Add(tensor.Name, Enumerable.Range(0, q.Length).Select(i => q[i] * scales[i / columns]).ToArray(), tensor.Shape);
        }
        foreach (var (key, value) in file.Metadata.Where(m => m.Key != RecurrentMetadataKeys.WeightPrecision))
        {
            writer.Metadata[key] = value;
        }
        writer.Save(requantizedPath);
        var requantized = RunRuntime(requantizedPath, new ModelLoadOptions { WeightPrecision = Recurrent.Aot.WeightPrecision.Int8 }, fixture.Inputs, fixture.Batch, fixture.Steps, fixture.InitialStates.ToArray());
        float difference = FixtureCase.MaxAbsDifference(kept, requantized);
        output.WriteLine($"{name}: stored q and scales vs re-quantized q · s: max difference {difference:E2}");
        Assert.True(difference > 10 * Tolerance, $"re-quantizing the halved file changes the outputs by only {difference}");
    }

    public static TheoryData<string, string> BadScales => new()
    {
        { "missing", "is missing" },
        { "zero", "expected a finite scale greater than zero" },
        { "NaN", "expected a finite scale greater than zero" },
        { "wrong shape", "expected (" },
    };

    /// <summary>An int8 file with a missing, zero, NaN or misshapen scale tensor is refused, naming the tensor, at every precision.</summary>
    [Theory]
    [MemberData(nameof(BadScales))]
    public void Load_refuses_bad_scales_naming_the_tensor(string fault, string expected)
    {
        var (name, _) = ParityCases.ShapeOnly.Single(c => c.Case == "pytorch/lstm_proj");
        string id = ParityCases.Id(name);
        byte[] bytes = File.ReadAllBytes(compiled.Converted(id, RoundedWeights.Int8));
        var file = SafeTensorsFile.Parse(bytes);
        string scale = file.Tensors.Single(t => t.Name.EndsWith("weight_hh_l1_scale", StringComparison.Ordinal)).Name;
        var writer = new SafeTensorsWriter();
        foreach (var (key, value) in file.Metadata)
        {
            writer.Metadata[key] = value;
        }
        foreach (var tensor in file.Tensors)
        {
            if (tensor.Name != scale)
            {
                writer.AddRaw(tensor.Name, tensor.DType, CompiledShapeOnlyPrecisionModels.RawBytes(bytes, tensor), tensor.Shape);
                continue;
            }
            float[] values = file.ReadFloat32(scale);
            switch (fault)
            {
                case "missing":
                    break;
                case "zero":
                    values[1] = 0f;
                    writer.Add(scale, values, tensor.Shape);
                    break;
                case "NaN":
                    values[2] = float.NaN;
                    writer.Add(scale, values, tensor.Shape);
                    break;
                default:
                    writer.Add(scale, values.AsSpan(1).ToArray(), values.Length - 1);
                    break;
            }
        }
        string path = Path.Combine(compiled.Folder, $"bad-scale-{fault.Replace(' ', '-')}.safetensors");
        writer.Save(path);
        foreach (string precision in RoundedWeights.Precisions)
        {
            string type = $"S{CompiledPrecisionModels.Prefix(precision)}_{id}";
            var message = (string?)compiled.Invoke("Refusals", "Load_" + type, path);
            output.WriteLine($"{type}, scale {fault}: {message}");
            Assert.NotNull(message);
            Assert.Contains(scale, message, StringComparison.Ordinal);
            Assert.Contains(expected, message, StringComparison.Ordinal);
        }
    }

    /// <summary>An int8 model cannot quantize a NaN or infinite weight: FromParameters names its index; bfloat16 rounds it (NaN stays NaN).</summary>
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Int8_FromParameters_refuses_a_weight_that_is_not_finite(float weight)
    {
        var (name, _) = ParityCases.ShapeOnly[0];
        string id = ParityCases.Id(name);
        var parameters = (float[])compiled.Invoke("Parameters", "Of", GeneratorHarness.Fixture(name + ".safetensors"))!;
        parameters[5] = weight;
        var message = (string?)compiled.Invoke("Refusals", "FromParameters_SQ_" + id, parameters);
        output.WriteLine(message);
        Assert.NotNull(message);
        Assert.Contains($"parameters[5] is {weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}", message, StringComparison.Ordinal);
        Assert.Null(compiled.Invoke("Refusals", "FromParameters_SB_" + id, parameters));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shape_only_model_allocates_nothing_after_warm_up(string name, string precision)
    {
        var fixture = FixtureCase.Load(name + ".safetensors");
        string driver = $"DL{CompiledPrecisionModels.Prefix(precision)}_{ParityCases.Id(name)}";
        long bytes = (long)compiled.Invoke(driver, "Allocated", fixture.Inputs, fixture.Steps)!;
        Assert.Equal(0, bytes);
    }

    private static float[] Inputs(int count)
    {
        var random = new Random(16);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }

    private static float[] RunRuntime(string path, ModelLoadOptions options, float[] inputs, int batch, int steps, float[] states)
    {
        var model = Recurrent.Aot.RecurrentModel.Load(path, options);
        var workspace = model.CreateWorkspace(steps);
        int stateSize = states.Length / batch;
        var outputs = new float[batch * steps * model.OutputSize];
        for (int b = 0; b < batch; b++)
        {
            model.Run(
                inputs.AsSpan(b * steps * model.InputSize, steps * model.InputSize),
                states.AsSpan(b * stateSize, stateSize),
                outputs.AsSpan(b * steps * model.OutputSize, steps * model.OutputSize),
                workspace);
        }
        return outputs;
    }

    private static void AssertBitIdentical(string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}: element {i} is {actual[i]:R}, the embedded model gives {expected[i]:R}");
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
        output.WriteLine($"{what}: max error against the runtime {worst:E2}");
        Assert.True(worst <= Tolerance, $"{what}: {worst} > {Tolerance}");
    }
}
