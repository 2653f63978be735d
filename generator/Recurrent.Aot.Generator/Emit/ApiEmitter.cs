using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits the public entry points: Step, Run (N→N), RunLast (N→1), Generate (1→N with feedback, where the shape allows it),
/// StepBatch, and (through InitialStateEmitter) Reset. They check span lengths once, then call the step core; nothing on the
/// hot path allocates or dispatches virtually.
/// </summary>
internal static class ApiEmitter
{
    /// <summary>Entry points are optimized on their first call: no tier-0 code, and no recompilation glitch, in a real-time loop.</summary>
    private const string HotPath = "[MethodImpl(MethodImplOptions.AggressiveOptimization)]";

    public static void Emit(SourceWriter w, ModelInfo model, string weightsRef)
    {
        var plan = model.Plan;
        string mod = model.Weights is null ? "" : "static ";
        if (plan.Spec.Bidirectional)
        {
            int row = plan.Spec.Directions * plan.Spec.HiddenOutputSize;
            w.Line("/// <summary>Floats of workspace <see cref=\"Run\"/> and <see cref=\"RunLast\"/> need for a sequence of <paramref name=\"steps\"/> steps (every layer's outputs, two layers at a time).</summary>");
            w.Line($"public static int WorkspaceSize(int steps) => 2 * steps * {row};");
            w.Line();
        }
        else
        {
            EmitStep(w, mod, weightsRef);
            w.Line();
        }
        EmitRun(w, plan, mod, weightsRef, last: false);
        w.Line();
        EmitRun(w, plan, mod, weightsRef, last: true);
        if (!plan.Spec.Bidirectional)
        {
            if (plan.CanGenerate)
            {
                EmitGenerate(w, plan.Spec, mod, weightsRef);
            }
            w.Line();
            EmitStepBatch(w, mod, weightsRef, plan.StreamGroups);
        }
        EmitSteps(w);
        w.Line();
        InitialStateEmitter.Emit(w, model);
        w.Line();
        w.Line("[global::System.Diagnostics.CodeAnalysis.DoesNotReturn]");
        w.Line("[MethodImpl(MethodImplOptions.NoInlining)]");
        w.Line("private static void ThrowLength(string parameter, int expected, int actual)");
        w.Line("    => throw new ArgumentException($\"{parameter} must hold {expected} floats but holds {actual}.\", parameter);");
    }

    private static void EmitStep(SourceWriter w, string mod, string weightsRef)
    {
        w.Line("/// <summary>One time step of one stream: reads <paramref name=\"input\"/> (InputSize floats), updates <paramref name=\"state\"/>, writes OutputSize floats.</summary>");
        w.Line(HotPath);
        using (w.Open($"public {mod}void Step(ReadOnlySpan<float> input, ref State state, Span<float> output)"))
        {
            w.Line("if (input.Length != InputSize) ThrowLength(nameof(input), InputSize, input.Length);");
            w.Line("if (output.Length != OutputSize) ThrowLength(nameof(output), OutputSize, output.Length);");
            w.Line($"ref float w = ref {weightsRef};");
            w.Line("StepCore(ref w, ref MemoryMarshal.GetReference(input), ref state);");
            w.Line("WriteOutput(ref w, ref state, output);");
        }
    }

    /// <summary>
    /// Run (N→N, <paramref name="last"/> false) or RunLast (N→1): the same checks and the same walk over the sequence,
    /// which differ only in which steps' outputs are written. A unidirectional model steps (whole chunks through
    /// RunChunks first, where planned); a bidirectional one runs every layer over the sequence into the caller's
    /// workspace, then writes outputs from the top layer's rows.
    /// </summary>
    private static void EmitRun(SourceWriter w, ModelPlan plan, string mod, string weightsRef, bool last)
    {
        var spec = plan.Spec;
        bool bidirectional = spec.Bidirectional;
        string output = last ? "output" : "outputs";
        w.Line((bidirectional, last) switch
        {
            (false, false) => "/// <summary>N→N: runs a whole sequence (steps × InputSize, row-major) and writes every step's output (steps × OutputSize).</summary>",
            (false, true) => "/// <summary>N→1: runs a whole sequence (at least one step) and writes only the last step's output.</summary>",
            (true, false) => "/// <summary>N→N: runs a whole sequence (steps × InputSize) in both directions and writes every step's output (steps × OutputSize: [forward, reverse]).</summary>",
            (true, true) => "/// <summary>N→1: runs a whole sequence (at least one step) in both directions and writes the last step's output (PyTorch's output[-1]).</summary>",
        });
        w.Line(HotPath);
        string workspace = bidirectional ? ", Span<float> workspace" : "";
        using (w.Open($"public {mod}void {(last ? "RunLast" : "Run")}(ReadOnlySpan<float> inputs, ref State state, Span<float> {output}{workspace})"))
        {
            w.Line("int steps = Steps(inputs);");
            if (last)
            {
                w.Line("if (steps == 0) throw new ArgumentException(\"inputs must hold at least one step.\", nameof(inputs));");
            }
            string expected = last ? "OutputSize" : "steps * OutputSize";
            w.Line($"if ({output}.Length != {expected}) ThrowLength(nameof({output}), {expected}, {output}.Length);");
            if (bidirectional)
            {
                w.Line("if (workspace.Length < WorkspaceSize(steps)) ThrowLength(nameof(workspace), WorkspaceSize(steps), workspace.Length);");
            }
            w.Line($"ref float w = ref {weightsRef};");
            if (bidirectional)
            {
                EmitBidirectionalOutputs(w, spec, last);
            }
            else
            {
                EmitSteppedOutputs(w, plan, last);
            }
        }
    }

    /// <summary>Steps through the sequence, writing every step's output (Run) or only the last one (RunLast).</summary>
    private static void EmitSteppedOutputs(SourceWriter w, ModelPlan plan, bool last)
    {
        w.Line("ref float x = ref MemoryMarshal.GetReference(inputs);");
        if (plan.RunsInBlocks)
        {
            // The whole chunks go through RunChunks; the steps after them (fewer than a chunk) step one by one.
            w.Line($"int whole = steps / {InputChunking.Rows} * {InputChunking.Rows};");
            using (w.Open("if (whole > 0)"))
            {
                w.Line($"{ChunkedRunNames.RunMethod}(ref w, ref x, ref state, {(last ? "Span<float>.Empty" : "outputs")}, whole);");
            }
        }
        using (w.Open($"for (int t = {(plan.RunsInBlocks ? "whole" : "0")}; t < steps; t++)"))
        {
            w.Line("StepCore(ref w, ref Unsafe.Add(ref x, t * InputSize), ref state);");
            if (!last)
            {
                w.Line("WriteOutput(ref w, ref state, outputs.Slice(t * OutputSize, OutputSize));");
            }
        }
        if (last)
        {
            w.Line("WriteOutput(ref w, ref state, output);");
        }
    }

    /// <summary>Runs every layer both ways into the workspace, then writes every step's output (Run) or the last one (RunLast).</summary>
    private static void EmitBidirectionalOutputs(SourceWriter w, ModelSpec spec, bool last)
    {
        int row = spec.Directions * spec.HiddenOutputSize;
        w.Line("RunLayers(ref w, ref MemoryMarshal.GetReference(inputs), ref state, workspace, steps);");
        w.Line($"ref float top = ref Unsafe.Add(ref MemoryMarshal.GetReference(workspace), {(spec.Layers - 1) % 2} * steps * {row});");
        if (last)
        {
            w.Line($"ProjectOutput(ref w, ref Unsafe.Add(ref top, (steps - 1) * {row}), output);");
            return;
        }
        using (w.Open("for (int t = 0; t < steps; t++)"))
        {
            w.Line($"ProjectOutput(ref w, ref Unsafe.Add(ref top, t * {row}), outputs.Slice(t * OutputSize, OutputSize));");
        }
    }

    /// <summary>One step of many streams: groups of <paramref name="groups"/> streams (largest first) through StepCoreStreams, the rest one at a time.</summary>
    private static void EmitStepBatch(SourceWriter w, string mod, string weightsRef, Helpers.EquatableArray<int> groups)
    {
        w.Line("/// <summary>");
        w.Line("/// One time step of many independent streams that share these weights: <paramref name=\"inputs\"/> is");
        w.Line("/// (streams × InputSize), <paramref name=\"outputs\"/> (streams × OutputSize), one state per stream.");
        w.Line("/// </summary>");
        w.Line(HotPath);
        using (w.Open($"public {mod}void StepBatch(ReadOnlySpan<float> inputs, Span<State> states, Span<float> outputs)"))
        {
            w.Line("if (inputs.Length != states.Length * InputSize) ThrowLength(nameof(inputs), states.Length * InputSize, inputs.Length);");
            w.Line("if (outputs.Length != states.Length * OutputSize) ThrowLength(nameof(outputs), states.Length * OutputSize, outputs.Length);");
            w.Line($"ref float w = ref {weightsRef};");
            w.Line("ref float x = ref MemoryMarshal.GetReference(inputs);");
            w.Line("int b = 0;");
            if (groups.Length > 0)
            {
                w.Line($"// Groups of {string.Join(", then ", groups)} streams: each weight vector is loaded once per register tile for all");
                w.Line("// the tile's streams. Largest groups first, so at most one stream steps alone.");
            }
            for (int i = 0; i < groups.Length; i++)
            {
                int n = groups[i];
                // After the largest groups, each smaller size fits at most once.
                using (w.Open(i == 0 ? $"for (; b + {n} <= states.Length; b += {n})" : $"if (b + {n} <= states.Length)"))
                {
                    w.Line($"AlignPhases(states.Slice(b, {n}));");
                    w.Line($"{StepCoreEmitter.StreamsName}(ref w, ref Unsafe.Add(ref x, b * InputSize), ref states[b], {n});");
                    using (w.Open($"for (int i = b; i < b + {n}; i++)"))
                    {
                        w.Line("WriteOutput(ref w, ref states[i], outputs.Slice(i * OutputSize, OutputSize));");
                    }
                    if (i > 0)
                    {
                        w.Line($"b += {n};");
                    }
                }
            }
            using (w.Open("for (; b < states.Length; b++)"))
            {
                w.Line("StepCore(ref w, ref Unsafe.Add(ref x, b * InputSize), ref states[b]);");
                w.Line("WriteOutput(ref w, ref states[b], outputs.Slice(b * OutputSize, OutputSize));");
            }
        }
    }

    /// <summary>1→N: Step in a loop whose input is the previous step's output, as the runtime's RecurrentModel.Generate.</summary>
    private static void EmitGenerate(SourceWriter w, ModelSpec spec, string mod, string weightsRef)
    {
        string fedBack = spec.HeadSize == 0
            ? "The top layer's h is fed back as it is"
            : spec.HeadActivation == HeadActivation.Softmax
                ? "The head's output is fed back as written, after its softmax (the probabilities, not a one-hot of the likeliest class)"
                : spec.HeadActivation == HeadActivation.Sigmoid
                    ? "The head's output is fed back as written, after its sigmoid"
                    : "The head's output is fed back as written";
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// 1→N with feedback: steps with <paramref name=\"first\"/> (InputSize floats), then feeds each step's output back as the");
        w.Line("/// next step's input, writing every step's output to <paramref name=\"outputs\"/> (steps × OutputSize; its length sets the");
        w.Line("/// number of steps, and none leaves the state as it is).");
        w.Line($"/// {fedBack},");
        w.Line("/// exactly as the runtime's <c>RecurrentModel.Generate</c>; to feed back something else (a sampled or argmax");
        w.Line("/// token), call <see cref=\"Step\"/> in a loop.");
        w.Line("/// </summary>");
        w.Line(HotPath);
        using (w.Open($"public {mod}void Generate(ReadOnlySpan<float> first, ref State state, Span<float> outputs)"))
        {
            w.Line("if (first.Length != InputSize) ThrowLength(nameof(first), InputSize, first.Length);");
            w.Line("int steps = outputs.Length / OutputSize;");
            w.Line("if (steps * OutputSize != outputs.Length) throw new ArgumentException($\"outputs must hold a whole number of steps of {OutputSize} floats but holds {outputs.Length}.\", nameof(outputs));");
            w.Line($"ref float w = ref {weightsRef};");
            w.Line("// x_0 = first; y_t = model(x_t, state); x_{t+1} = y_t (OutputSize == InputSize). Each step reads all of x_t before");
            w.Line("// it writes y_t, so first may lie anywhere, even inside outputs.");
            w.Line("ref float x = ref MemoryMarshal.GetReference(first);");
            using (w.Open("for (int t = 0; t < steps; t++)"))
            {
                w.Line("StepCore(ref w, ref x, ref state);");
                w.Line("Span<float> y = outputs.Slice(t * OutputSize, OutputSize);");
                w.Line("WriteOutput(ref w, ref state, y);");
                w.Line("x = ref MemoryMarshal.GetReference(y);");
            }
        }
    }

    private static void EmitSteps(SourceWriter w)
    {
        w.Line();
        using (w.Open("private static int Steps(ReadOnlySpan<float> inputs)"))
        {
            w.Line("int steps = inputs.Length / InputSize;");
            w.Line("if (steps * InputSize != inputs.Length) throw new ArgumentException($\"inputs must hold a whole number of steps of {InputSize} floats but holds {inputs.Length}.\", nameof(inputs));");
            w.Line("return steps;");
        }
    }
}
