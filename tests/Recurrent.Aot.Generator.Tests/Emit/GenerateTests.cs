using System.Reflection;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>Shape-only models that may or may not feed their output back, bound with FromParameters, compiled once.</summary>
public sealed class CompiledGenerators
{
    private const string Source = """
        using System;
        using Recurrent.Aot.Generation;

        namespace Generators;

        // Output 5 (the head) = input 5: Generate.
        [Gru(InputSize = 5, HiddenSize = 16, HeadSize = 5, HeadActivation = RecurrentHeadActivation.Softmax)]
        public sealed partial class Decoder;

        // Output 8 (h) = input 8, no head: Generate.
        [Lstm(InputSize = 8, HiddenSize = 8)]
        public sealed partial class Echo;

        // Output 8 (h) ≠ input 3: no Generate.
        [Rnn(InputSize = 3, HiddenSize = 8)]
        public sealed partial class Widening;

        // Output 4 (the head) = input 4, but bidirectional (no stepping): no Generate.
        [Lstm(InputSize = 4, HiddenSize = 4, Bidirectional = true, HeadSize = 4)]
        public sealed partial class BothWays;

        public static class Driver
        {
            private static readonly Decoder Model = Decoder.FromParameters(Parameters(Decoder.ParameterCount));

            private static float[] Parameters(int count)
            {
                var values = new float[count];
                for (int i = 0; i < count; i++) values[i] = (((i * 37) % 23) - 11) / 20f;
                return values;
            }

            /// <summary>Generate with spans of the given lengths from a state that has seen one step; returns the state after.</summary>
            public static float[] GenerateWith(int firstLength, int outputsLength) => StateAfter(firstLength, outputsLength, generate: true);

            /// <summary>The state after the one step alone.</summary>
            public static float[] WarmedUp() => StateAfter(0, 0, generate: false);

            private static float[] StateAfter(int firstLength, int outputsLength, bool generate)
            {
                var state = default(Decoder.State);
                Model.Step(new float[] { 1, 0, 0, 0, 0 }, ref state, new float[Decoder.OutputSize]);
                if (generate) Model.Generate(new float[firstLength], ref state, new float[outputsLength]);
                var after = new float[Decoder.StateSize];
                state.CopyTo(after);
                return after;
            }

            /// <summary>Outputs of Generate with first and outputs in separate arrays.</summary>
            public static float[] Separate(int steps)
            {
                var state = default(Decoder.State);
                var outputs = new float[steps * Decoder.OutputSize];
                Model.Generate(new float[] { 0, 1, 0, 0, 0 }, ref state, outputs);
                return outputs;
            }

            /// <summary>The same with first stored in the output buffer itself, in the slot of the last step.</summary>
            public static float[] FirstInsideOutputs(int steps)
            {
                var state = default(Decoder.State);
                var outputs = new float[steps * Decoder.OutputSize];
                outputs[((steps - 1) * Decoder.OutputSize) + 1] = 1;
                Model.Generate(outputs.AsSpan((steps - 1) * Decoder.OutputSize, Decoder.OutputSize), ref state, outputs);
                return outputs;
            }

            /// <summary>The same as steps of Step whose input is the previous output.</summary>
            public static float[] Stepped(int steps)
            {
                var state = default(Decoder.State);
                var outputs = new float[steps * Decoder.OutputSize];
                var x = new float[] { 0, 1, 0, 0, 0 };
                for (int t = 0; t < steps; t++)
                {
                    Model.Step(x, ref state, outputs.AsSpan(t * Decoder.OutputSize, Decoder.OutputSize));
                    x = outputs.AsSpan(t * Decoder.OutputSize, Decoder.OutputSize).ToArray();
                }
                return outputs;
            }

            public static long Allocated(int steps)
            {
                var state = default(Decoder.State);
                var outputs = new float[steps * Decoder.OutputSize];
                var first = new float[] { 0, 1, 0, 0, 0 };
                Model.Generate(first, ref state, outputs);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int r = 0; r < 10; r++) Model.Generate(first, ref state, outputs);
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        """;

    public CompiledGenerators()
    {
        var (result, output) = GeneratorHarness.Run(Source);
        Assert.Empty(result.Diagnostics);
        Assembly = GeneratorHarness.Load(output);
    }

    public Assembly Assembly { get; }

    /// <summary>Calls a driver method; rethrows what the generated code threw rather than the reflection wrapper.</summary>
    public object Call(string method, params object[] args)
    {
        try
        {
            return Assembly.GetType("Generators.Driver")!.GetMethod(method)!.Invoke(null, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}

/// <summary>
/// Generate's contract beyond the parity tests (GeneratedParityTests, RandomModelTests): which models have it, the span
/// checks and their messages, zero steps, first inside the outputs, the Step loop it equals, no allocation.
/// </summary>
public sealed class GenerateTests(CompiledGenerators compiled) : IClassFixture<CompiledGenerators>
{
    [Theory]
    [InlineData("Decoder", true)]
    [InlineData("Echo", true)]
    [InlineData("Widening", false)]
    [InlineData("BothWays", false)]
    public void Generate_is_a_member_only_where_the_output_can_be_the_next_input(string type, bool expected)
    {
        var methods = compiled.Assembly.GetType("Generators." + type)!.GetMethods().Where(m => m.Name == "Generate").ToList();
        Assert.Equal(expected ? 1 : 0, methods.Count);
        if (expected)
        {
            Assert.Equal(["first", "state", "outputs"], methods[0].GetParameters().Select(p => p.Name!));
        }
    }

    [Fact]
    public void A_first_input_of_the_wrong_size_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => compiled.Call("GenerateWith", 4, 10));
        Assert.Equal("first", error.ParamName);
        Assert.StartsWith("first must hold 5 floats but holds 4.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_that_are_not_whole_steps_are_refused_naming_them()
    {
        var error = Assert.Throws<ArgumentException>(() => compiled.Call("GenerateWith", 5, 12));
        Assert.Equal("outputs", error.ParamName);
        Assert.StartsWith("outputs must hold a whole number of steps of 5 floats but holds 12.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_outputs_is_no_step_and_leaves_the_state_alone()
    {
        var warmedUp = (float[])compiled.Call("WarmedUp");
        Assert.Contains(warmedUp, v => v != 0);
        Assert.Equal(warmedUp, (float[])compiled.Call("GenerateWith", 5, 0));
        Assert.NotEqual(warmedUp, (float[])compiled.Call("GenerateWith", 5, 5));
    }

    [Fact]
    public void Generate_is_Step_fed_its_previous_output_and_first_may_lie_inside_the_outputs()
    {
        var separate = (float[])compiled.Call("Separate", 6);
        Assert.Equal((float[])compiled.Call("Stepped", 6), separate);
        Assert.Equal(separate, (float[])compiled.Call("FirstInsideOutputs", 6));
    }

    [Fact]
    public void Generate_allocates_nothing_after_warm_up() => Assert.Equal(0L, (long)compiled.Call("Allocated", 32));
}
