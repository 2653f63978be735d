using System.Reflection;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>Two shape-only RNNs with their generated Load, compiled once, and a folder for the files they load.</summary>
public sealed class CompiledLoaders : IDisposable
{
    private const string Source = """
        using Recurrent.Aot.Generation;

        namespace Loaders;

        [Rnn(InputSize = 2, HiddenSize = 3)]
        public sealed partial class OneLayer;

        [Rnn(InputSize = 2, HiddenSize = 3, Layers = 2)]
        public sealed partial class TwoLayers;

        public static class Driver
        {
            /// <summary>One step from the zero state with input [1, 1]: tells which module's weights were bound.</summary>
            public static float[] StepOne(string path, string? module)
            {
                var model = OneLayer.Load(path, module);
                var state = default(OneLayer.State);
                var output = new float[OneLayer.OutputSize];
                model.Step(new float[] { 1, 1 }, ref state, output);
                return output;
            }

            public static void LoadTwoLayers(string path, string? module) => TwoLayers.Load(path, module);
        }
        """;

    public CompiledLoaders()
    {
        Directory.CreateDirectory(Folder);
        var (result, output) = GeneratorHarness.Run(Source);
        Assert.Empty(result.Diagnostics);
        Assembly = GeneratorHarness.Load(output);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "raot-loader-" + Guid.NewGuid().ToString("N"));

    public Assembly Assembly { get; }

    /// <summary>Calls a driver method; rethrows what the generated code threw rather than the reflection wrapper.</summary>
    public object? Call(string method, params object?[] args)
    {
        try
        {
            return Assembly.GetType("Loaders.Driver")!.GetMethod(method)!.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>
/// The generated Load chooses the module through the runtime's RecurrentModules.Choose: the requested one, else
/// the recurrent.module metadata, else the only one, with errors that list the file's modules.
/// </summary>
public sealed class GeneratedLoaderTests(CompiledLoaders compiled) : IClassFixture<CompiledLoaders>
{
    [Theory]
    [InlineData("a", 0.1f)]
    [InlineData("b", 0.2f)]
    [InlineData("b.", 0.2f)]
    public void The_requested_module_is_bound(string module, float weight)
    {
        string path = Write("two.safetensors", w => { AddLayered(w, "a.", 0.1f); AddLayered(w, "b.", 0.2f); });
        AssertBound(weight, (float[])compiled.Call("StepOne", path, module)!);
    }

    [Fact]
    public void The_metadata_module_is_bound_when_none_is_requested()
    {
        string path = Write("named.safetensors", w =>
        {
            AddLayered(w, "a.", 0.1f);
            AddLayered(w, "b.", 0.2f);
            w.Metadata["recurrent.module"] = "b";
        });
        AssertBound(0.2f, (float[])compiled.Call("StepOne", path, null)!);
    }

    [Fact]
    public void The_only_module_is_bound_when_none_is_named()
    {
        string path = Write("only.safetensors", w => AddLayered(w, "rnn.", 0.3f));
        AssertBound(0.3f, (float[])compiled.Call("StepOne", path, null)!);
    }

    [Fact]
    public void Several_modules_without_a_choice_are_refused_and_listed()
    {
        string path = Write("ambiguous.safetensors", w => { AddLayered(w, "a.", 0.1f); AddLayered(w, "b.", 0.2f); });
        var error = Assert.Throws<WeightsFormatException>(() => compiled.Call("StepOne", path, null));
        Assert.Contains("'a', 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_module_is_refused_and_the_file_modules_listed()
    {
        string path = Write("unknown.safetensors", w => { AddLayered(w, "a.", 0.1f); AddLayered(w, "b.", 0.2f); });
        var error = Assert.Throws<WeightsFormatException>(() => compiled.Call("StepOne", path, "c"));
        Assert.Contains("'c'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a', 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_two_layer_model_binds_the_requested_layered_module()
    {
        string path = Write("deep.safetensors", w => { AddLayered(w, "a.", 0.1f); AddLayered(w, "b.", 0.2f, layers: 2); });
        Assert.Null(compiled.Call("LoadTwoLayers", path, "b"));
    }

    [Fact]
    public void A_single_cell_binds_to_a_one_layer_model()
    {
        string path = Write("cell.safetensors", w => AddCell(w, "cell.", 0.4f));
        AssertBound(0.4f, (float[])compiled.Call("StepOne", path, null)!);
    }

    [Fact]
    public void A_single_cell_is_refused_by_a_two_layer_model_with_a_clear_message()
    {
        string path = Write("cell2.safetensors", w => AddCell(w, "cell.", 0.4f));
        var error = Assert.Throws<WeightsFormatException>(() => compiled.Call("LoadTwoLayers", path, null));
        Assert.Contains("Module 'cell'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TwoLayers", error.Message, StringComparison.Ordinal);
        Assert.Contains("layers: declared 2, file 1", error.Message, StringComparison.Ordinal);
    }

    /// <summary>With zero biases and a zero state, every unit is tanh(w·1 + w·1).</summary>
    private static void AssertBound(float weight, float[] output)
    {
        Assert.Equal(3, output.Length);
        Assert.All(output, y => Assert.Equal(MathF.Tanh(2 * weight), y, 1e-5f));
    }

    /// <summary>An nn.RNN module of one layer (OneLayer's shape), or of two (TwoLayers').</summary>
    private static void AddLayered(SafeTensorsWriter writer, string prefix, float weight, int layers = 1)
    {
        AddRnn(writer, prefix, "_l0", weight, input: 2);
        if (layers == 2)
        {
            AddRnn(writer, prefix, "_l1", weight, input: 3);
        }
    }

    private static void AddCell(SafeTensorsWriter writer, string prefix, float weight) => AddRnn(writer, prefix, "", weight, input: 2);

    private static void AddRnn(SafeTensorsWriter writer, string prefix, string suffix, float weight, int input)
    {
        writer.Add(prefix + "weight_ih" + suffix, Enumerable.Repeat(weight, 3 * input).ToArray(), 3, input);
        writer.Add(prefix + "weight_hh" + suffix, new float[9], 3, 3);
        writer.Add(prefix + "bias_ih" + suffix, new float[3], 3);
        writer.Add(prefix + "bias_hh" + suffix, new float[3], 3);
    }

    private string Write(string name, Action<SafeTensorsWriter> fill)
    {
        var writer = new SafeTensorsWriter();
        fill(writer);
        string path = Path.Combine(compiled.Folder, name);
        writer.Save(path);
        return path;
    }
}
