using Recurrent.Aot.Generator.Model;

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

    /// <param name="pairs">StepBatch runs streams two at a time through StepCorePair.</param>
    /// <param name="chunked">Run and RunLast take whole chunks of steps through RunChunks (<see cref="InputChunking"/>).</param>
    public static void Emit(SourceWriter w, ModelInfo model, string weightsRef, bool pairs, bool chunked)
    {
        var spec = model.Spec;
        string mod = model.Weights is null ? "" : "static ";
        if (spec.Bidirectional)
        {
            EmitBidirectional(w, spec, mod, weightsRef);
        }
        else
        {
            EmitUnidirectional(w, spec, mod, weightsRef, pairs, chunked);
        }
        w.Line();
        InitialStateEmitter.Emit(w, model);
        w.Line();
        w.Line("[global::System.Diagnostics.CodeAnalysis.DoesNotReturn]");
        w.Line("[MethodImpl(MethodImplOptions.NoInlining)]");
        w.Line("private static void ThrowLength(string parameter, int expected, int actual)");
        w.Line("    => throw new ArgumentException($\"{parameter} must hold {expected} floats but holds {actual}.\", parameter);");
    }

    private static void EmitUnidirectional(SourceWriter w, ModelSpec spec, string mod, string weightsRef, bool pairs, bool chunked)
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
        w.Line();
        w.Line("/// <summary>N→N: runs a whole sequence (steps × InputSize, row-major) and writes every step's output (steps × OutputSize).</summary>");
        w.Line(HotPath);
        using (w.Open($"public {mod}void Run(ReadOnlySpan<float> inputs, ref State state, Span<float> outputs)"))
        {
            w.Line("int steps = Steps(inputs);");
            w.Line("if (outputs.Length != steps * OutputSize) ThrowLength(nameof(outputs), steps * OutputSize, outputs.Length);");
            w.Line($"ref float w = ref {weightsRef};");
            w.Line("ref float x = ref MemoryMarshal.GetReference(inputs);");
            EmitChunks(w, chunked, "outputs");
            using (w.Open($"for (int t = {(chunked ? "whole" : "0")}; t < steps; t++)"))
            {
                w.Line("StepCore(ref w, ref Unsafe.Add(ref x, t * InputSize), ref state);");
                w.Line("WriteOutput(ref w, ref state, outputs.Slice(t * OutputSize, OutputSize));");
            }
        }
        w.Line();
        w.Line("/// <summary>N→1: runs a whole sequence (at least one step) and writes only the last step's output.</summary>");
        w.Line(HotPath);
        using (w.Open($"public {mod}void RunLast(ReadOnlySpan<float> inputs, ref State state, Span<float> output)"))
        {
            w.Line("int steps = Steps(inputs);");
            w.Line("if (steps == 0) throw new ArgumentException(\"inputs must hold at least one step.\", nameof(inputs));");
            w.Line("if (output.Length != OutputSize) ThrowLength(nameof(output), OutputSize, output.Length);");
            w.Line($"ref float w = ref {weightsRef};");
            w.Line("ref float x = ref MemoryMarshal.GetReference(inputs);");
            EmitChunks(w, chunked, "Span<float>.Empty");
            using (w.Open($"for (int t = {(chunked ? "whole" : "0")}; t < steps; t++)"))
            {
                w.Line("StepCore(ref w, ref Unsafe.Add(ref x, t * InputSize), ref state);");
            }
            w.Line("WriteOutput(ref w, ref state, output);");
        }
        if (CanGenerate(spec))
        {
            EmitGenerate(w, spec, mod, weightsRef);
        }
        w.Line();
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
            if (pairs)
            {
                w.Line("// Two streams at a time: each weight vector is loaded once and used for both.");
                using (w.Open("for (; b + 1 < states.Length; b += 2)"))
                {
                    w.Line("StepCorePair(ref w, ref Unsafe.Add(ref x, b * InputSize), ref states[b], ref Unsafe.Add(ref x, (b + 1) * InputSize), ref states[b + 1]);");
                    w.Line("WriteOutput(ref w, ref states[b], outputs.Slice(b * OutputSize, OutputSize));");
                    w.Line("WriteOutput(ref w, ref states[b + 1], outputs.Slice((b + 1) * OutputSize, OutputSize));");
                }
            }
            using (w.Open("for (; b < states.Length; b++)"))
            {
                w.Line("StepCore(ref w, ref Unsafe.Add(ref x, b * InputSize), ref states[b]);");
                w.Line("WriteOutput(ref w, ref states[b], outputs.Slice(b * OutputSize, OutputSize));");
            }
        }
        EmitSteps(w);
    }

    /// <summary>
    /// Whether the model gets Generate: each step's output becomes the next step's input, so the output must be
    /// the input's size, and the model must step (a bidirectional one needs the whole sequence up front). Other
    /// models get no Generate member at all (calling it does not compile), where the runtime's RecurrentModel.Generate
    /// throws InvalidOperationException.
    /// </summary>
    public static bool CanGenerate(ModelSpec spec) => !spec.Bidirectional && spec.StepOutputSize == spec.InputSize;

    /// <summary>1→N: Step in a loop whose input is the previous step's output, as the runtime's RecurrentModel.Generate.</summary>
    private static void EmitGenerate(SourceWriter w, ModelSpec spec, string mod, string weightsRef)
    {
        string fedBack = spec.HeadSize == 0
            ? "The top layer's h is fed back as it is"
            : spec.HeadActivation == HeadActivationKind.Softmax
                ? "The head's output is fed back as written, after its softmax (the probabilities, not a one-hot of the likeliest class)"
                : spec.HeadActivation == HeadActivationKind.Sigmoid
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

    /// <summary>The whole chunks go through RunChunks; the steps after them (fewer than a chunk) step one by one.</summary>
    private static void EmitChunks(SourceWriter w, bool chunked, string outputs)
    {
        if (!chunked)
        {
            return;
        }
        w.Line($"int whole = steps / {InputChunking.Rows} * {InputChunking.Rows};");
        using (w.Open("if (whole > 0)"))
        {
            w.Line($"{InputChunking.RunMethod}(ref w, ref x, ref state, {outputs}, whole);");
        }
    }

    private static void EmitBidirectional(SourceWriter w, ModelSpec spec, string mod, string weightsRef)
    {
        int row = spec.Directions * spec.HiddenOutputSize;
        w.Line("/// <summary>Floats of workspace <see cref=\"Run\"/> and <see cref=\"RunLast\"/> need for a sequence of <paramref name=\"steps\"/> steps (every layer's outputs, two layers at a time).</summary>");
        w.Line($"public static int WorkspaceSize(int steps) => 2 * steps * {row};");
        w.Line();
        w.Line("/// <summary>N→N: runs a whole sequence (steps × InputSize) in both directions and writes every step's output (steps × OutputSize: [forward, reverse]).</summary>");
        w.Line(HotPath);
        using (w.Open($"public {mod}void Run(ReadOnlySpan<float> inputs, ref State state, Span<float> outputs, Span<float> workspace)"))
        {
            w.Line("int steps = Steps(inputs);");
            w.Line("if (outputs.Length != steps * OutputSize) ThrowLength(nameof(outputs), steps * OutputSize, outputs.Length);");
            w.Line("if (workspace.Length < WorkspaceSize(steps)) ThrowLength(nameof(workspace), WorkspaceSize(steps), workspace.Length);");
            w.Line($"ref float w = ref {weightsRef};");
            w.Line("RunLayers(ref w, ref MemoryMarshal.GetReference(inputs), ref state, workspace, steps);");
            w.Line($"ref float top = ref Unsafe.Add(ref MemoryMarshal.GetReference(workspace), {(spec.Layers - 1) % 2} * steps * {row});");
            using (w.Open("for (int t = 0; t < steps; t++)"))
            {
                w.Line($"ProjectOutput(ref w, ref Unsafe.Add(ref top, t * {row}), outputs.Slice(t * OutputSize, OutputSize));");
            }
        }
        w.Line();
        w.Line("/// <summary>N→1: runs a whole sequence (at least one step) in both directions and writes the last step's output (PyTorch's output[-1]).</summary>");
        w.Line(HotPath);
        using (w.Open($"public {mod}void RunLast(ReadOnlySpan<float> inputs, ref State state, Span<float> output, Span<float> workspace)"))
        {
            w.Line("int steps = Steps(inputs);");
            w.Line("if (steps == 0) throw new ArgumentException(\"inputs must hold at least one step.\", nameof(inputs));");
            w.Line("if (output.Length != OutputSize) ThrowLength(nameof(output), OutputSize, output.Length);");
            w.Line("if (workspace.Length < WorkspaceSize(steps)) ThrowLength(nameof(workspace), WorkspaceSize(steps), workspace.Length);");
            w.Line($"ref float w = ref {weightsRef};");
            w.Line("RunLayers(ref w, ref MemoryMarshal.GetReference(inputs), ref state, workspace, steps);");
            w.Line($"ref float top = ref Unsafe.Add(ref MemoryMarshal.GetReference(workspace), {(spec.Layers - 1) % 2} * steps * {row});");
            w.Line($"ProjectOutput(ref w, ref Unsafe.Add(ref top, (steps - 1) * {row}), output);");
        }
        EmitSteps(w);
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
