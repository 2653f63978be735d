using System.Linq;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits the private step core: which kernel runs on which slice of weights and state, in which order.
/// Unidirectional models advance all layers one time step (<c>StepCore</c>); bidirectional ones run
/// each layer over the whole sequence, forward then reverse (<c>RunLayers</c>).
/// </summary>
internal static class StepEmitter
{
    public static bool NeedsScratch(PackedLayout layout) => layout.Cells.Any(c => c.ResetBefore || c.Projection is not null);

    public static int ScratchFloats(PackedLayout layout) => layout.Cells.Max(c => c.ResetBefore ? 3 * c.PaddedHidden : c.PaddedHidden);

    public static void EmitBuffers(SourceWriter w, ModelSpec spec, PackedLayout layout)
    {
        if (NeedsScratch(layout))
        {
            w.Line($"/// <summary>Per-step temporaries: {(layout.Cells[0].ResetBefore ? "r⊙h, z and W_in·x + b_n of the original GRU" : "o⊙act(c') before the projection")}.</summary>");
            w.Line($"[InlineArray({ScratchFloats(layout)})]");
            using (w.Open("private struct Scratch"))
            {
                w.Line("private float _element;");
            }
            w.Line();
        }
        if (InputChunking.AnyChunks(layout))
        {
            w.Line($"/// <summary>A cell's precomputed input half (b + W_ih·x) for {InputChunking.Rows} steps of a chunked run, {InputChunking.RowFloats(layout.Cells[0])} floats a step.</summary>");
            w.Line($"[InlineArray({InputChunking.BufferFloats(layout)})]");
            using (w.Open($"private struct {InputChunking.BufferType}"))
            {
                w.Line("private float _element;");
            }
            w.Line();
        }
        if (InputChunking.RunsInBlocks(spec, layout) && layout.Cells.Count > 1)
        {
            w.Line($"/// <summary>A layer's outputs for a block of up to {InputChunking.BlockSteps(spec)} steps of a run, the inputs of the layer above.</summary>");
            w.Line($"[InlineArray({InputChunking.BlockSteps(spec) * spec.HiddenOutputSize})]");
            using (w.Open($"private struct {InputChunking.HiddenType}"))
            {
                w.Line("private float _element;");
            }
            w.Line();
        }
        if (layout.Head is { } head)
        {
            w.Line("/// <summary>The head's outputs, padded to whole panels.</summary>");
            w.Line($"[InlineArray({head.PaddedRows})]");
            using (w.Open("private struct HeadBuffer"))
            {
                w.Line("private float _element;");
            }
            w.Line();
        }
    }

    /// <summary>
    /// Calls the kernels of one cell: x, old h, c, new h are expressions of type ref float; phase is the
    /// int expression of the h copy being read, which also picks the panel order of the cell's kernels.
    /// </summary>
    /// <param name="firstKernel">The kernel that multiplies the input, or null for the cell's own (x in, all columns).</param>
    private static void CallCell(SourceWriter w, ModelSpec spec, CellLayout cell, string x, string hOld, string c, string hNew, string phase, string? firstKernel = null)
    {
        string name = CellKernelEmitter.CellName(cell);
        string scratch = cell.ResetBefore || cell.Projection is not null ? "ref sc" : "ref Unsafe.NullRef<float>()";
        string args = $"ref Unsafe.Add(ref w, {cell.Offset}), {x}, {hOld}, {c}, {hNew}, {scratch}";
        if (CellKernelEmitter.AlternatesPanelOrder(cell))
        {
            args += $", {phase} != 0";
        }
        w.Line($"{firstKernel ?? name}({args});");
        if (cell.ResetBefore)
        {
            w.Line($"{name}Candidate({args});");
        }
        if (cell.Projection is { } projection)
        {
            w.Line($"{name}Projection(ref Unsafe.Add(ref w, {projection.Offset}), ref sc, {hNew});");
        }
    }

    private static void EmitLocals(SourceWriter w, ModelSpec spec, PackedLayout layout)
    {
        w.Line("ref float hAll = ref Unsafe.As<State.HiddenBuffer, float>(ref s.H);");
        w.Line(spec.HasCellState ? "ref float c = ref Unsafe.As<State.CellBuffer, float>(ref s.C);" : "ref float c = ref Unsafe.NullRef<float>();");
        if (NeedsScratch(layout))
        {
            w.Line("Scratch scratch = default;");
            w.Line("ref float sc = ref Unsafe.As<Scratch, float>(ref scratch);");
        }
    }

    /// <summary>
    /// Whether StepBatch runs its streams two at a time through the cells' two-stream kernels (each weight loaded
    /// once for both): every cell must have that form, and the model must step (not bidirectional). It pays
    /// where weight traffic matters, i.e. some cell has more than one panel (measured: LSTM (16, 64) and (32, 128)
    /// 15–25 % faster per stream), and with the fast activations. A one-panel cell with the exact activations
    /// keeps the one-stream loop: there the two streams' epilogues together exceed the registers and the
    /// spills cost more than the shared loads save (LSTM (8, 32) about 10 % slower per stream).
    /// </summary>
    public static bool StepsStreamsInPairs(ModelSpec spec, PackedLayout layout)
        => !spec.Bidirectional
            && layout.Cells.All(CellKernelEmitter.HasPairForm)
            && (spec.FastActivations || layout.Cells.Any(cell => cell.Panels > 1));

    private static void EmitStepCorePair(SourceWriter w, ModelSpec spec, PackedLayout layout)
    {
        w.Line("/// <summary>StepCore for two streams at once: every layer's weights are read once for both.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open("private static void StepCorePair(ref float w, ref float x0, ref State s0, ref float x1, ref State s1)"))
        {
            for (int s = 0; s < 2; s++)
            {
                w.Line($"ref float hAll{s} = ref Unsafe.As<State.HiddenBuffer, float>(ref s{s}.H);");
                w.Line(spec.HasCellState ? $"ref float c{s} = ref Unsafe.As<State.CellBuffer, float>(ref s{s}.C);" : $"ref float c{s} = ref Unsafe.NullRef<float>();");
                w.Line($"int phase{s} = s{s}.Phase;");
                w.Line($"ref float hOld{s} = ref Unsafe.Add(ref hAll{s}, phase{s} * State.HalfFloats);");
                w.Line($"ref float hNew{s} = ref Unsafe.Add(ref hAll{s}, (phase{s} ^ 1) * State.HalfFloats);");
            }
            foreach (var cell in layout.Cells)
            {
                int h = cell.Layer * layout.PaddedOutput;
                string State(int s)
                {
                    string x = cell.Layer == 0 ? $"ref x{s}" : $"ref Unsafe.Add(ref hNew{s}, {(cell.Layer - 1) * layout.PaddedOutput})";
                    return $"{x}, ref Unsafe.Add(ref hOld{s}, {h}), ref Unsafe.Add(ref c{s}, {cell.Layer * cell.PaddedHidden}), ref Unsafe.Add(ref hNew{s}, {h})";
                }
                // The panel order follows the first stream's phase (the order changes no result).
                string backwards = CellKernelEmitter.AlternatesPanelOrder(cell) ? ", phase0 != 0" : "";
                w.Line($"// Layer {cell.Layer}: input is {(cell.Layer == 0 ? "x" : $"layer {cell.Layer - 1}'s new h")}.");
                w.Line($"{CellKernelEmitter.CellName(cell)}Pair(ref Unsafe.Add(ref w, {cell.Offset}), {State(0)}, {State(1)}{backwards});");
            }
            w.Line("s0.Phase = phase0 ^ 1;");
            w.Line("s1.Phase = phase1 ^ 1;");
        }
    }

    public static void EmitStepCore(SourceWriter w, ModelSpec spec, PackedLayout layout)
    {
        w.Line("/// <summary>Advances every layer one time step: reads h[Phase], writes h[1 − Phase], updates c in place.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open("private static void StepCore(ref float w, ref float x, ref State s)"))
        {
            EmitLocals(w, spec, layout);
            w.Line("int phase = s.Phase;");
            w.Line("ref float hOld = ref Unsafe.Add(ref hAll, phase * State.HalfFloats);");
            w.Line("ref float hNew = ref Unsafe.Add(ref hAll, (phase ^ 1) * State.HalfFloats);");
            foreach (var cell in layout.Cells)
            {
                int h = cell.Layer * layout.PaddedOutput;
                string x = cell.Layer == 0 ? "ref x" : $"ref Unsafe.Add(ref hNew, {(cell.Layer - 1) * layout.PaddedOutput})";
                w.Line($"// Layer {cell.Layer}: input is {(cell.Layer == 0 ? "x" : $"layer {cell.Layer - 1}'s new h")}.");
                CallCell(w, spec, cell, x, $"ref Unsafe.Add(ref hOld, {h})", $"ref Unsafe.Add(ref c, {cell.Layer * cell.PaddedHidden})", $"ref Unsafe.Add(ref hNew, {h})", "phase");
            }
            w.Line("s.Phase = phase ^ 1;");
        }
        if (StepsStreamsInPairs(spec, layout))
        {
            w.Line();
            EmitStepCorePair(w, spec, layout);
        }
        if (InputChunking.RunsInBlocks(spec, layout))
        {
            w.Line();
            EmitRunChunks(w, spec, layout);
        }
        w.Line();
        w.Line("/// <summary>The step's output from the top layer's current h.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open("private static void WriteOutput(ref float w, ref State s, Span<float> output)"))
        {
            w.Line($"ref float top = ref Unsafe.Add(ref Unsafe.As<State.HiddenBuffer, float>(ref s.H), (s.Phase * State.HalfFloats) + {(spec.Layers - 1) * layout.PaddedOutput});");
            w.Line("ProjectOutput(ref w, ref top, output);");
        }
    }

    private static void EmitRunChunks(SourceWriter w, ModelSpec spec, PackedLayout layout)
    {
        int rows = InputChunking.Rows;
        int block = InputChunking.BlockSteps(spec);
        var top = layout.Cells[layout.Cells.Count - 1];
        w.Line("/// <summary>");
        w.Line($"/// Runs <paramref name=\"steps\"/> steps (a multiple of {rows}) from <paramref name=\"x\"/>, in blocks of up to {block} steps run layer by");
        w.Line("/// layer: a layer steps through the block, then the layer above takes its outputs as inputs, so each layer's");
        w.Line($"/// weights serve consecutive steps. A large layer's b + W_ih·x is one product per {rows} steps (each weight vector");
        w.Line($"/// loaded once for the {rows}); its steps then multiply only W_hh·h. Blocks have an even number of steps, so each");
        w.Line("/// layer's h ping-pongs back to the state's phase. Writes each step's output to <paramref name=\"outputs\"/> unless");
        w.Line("/// it is empty (N→1 only advances the state).");
        w.Line("/// </summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (w.Open($"private static void {InputChunking.RunMethod}(ref float w, ref float x, ref State s, Span<float> outputs, int steps)"))
        {
            EmitLocals(w, spec, layout);
            w.Line("int phase = s.Phase;");
            if (InputChunking.AnyChunks(layout))
            {
                w.Line($"{InputChunking.BufferType} chunk = default;");
                w.Line($"ref float pre = ref Unsafe.As<{InputChunking.BufferType}, float>(ref chunk);");
            }
            if (layout.Cells.Count > 1)
            {
                w.Line($"{InputChunking.HiddenType} between = default;");
                w.Line($"ref float seq = ref Unsafe.As<{InputChunking.HiddenType}, float>(ref between);");
            }
            using (w.Open($"for (int t0 = 0; t0 < steps; t0 += {block})"))
            {
                w.Line($"int n = Math.Min({block}, steps - t0);");
                foreach (var cell in layout.Cells)
                {
                    bool chunked = InputChunking.Chunks(layout, cell);
                    bool isTop = cell == top;
                    int h = cell.Layer * layout.PaddedOutput;
                    w.Line($"// Layer {cell.Layer}: {(cell.Layer == 0 ? "the block's inputs" : $"layer {cell.Layer - 1}'s outputs for the block")}{(chunked ? $", input half precomputed {rows} steps at a time" : "")}.");
                    using (w.Open($"for (int q = 0; q < n; q += {rows})"))
                    {
                        string rowsIn = cell.Layer == 0 ? $"ref Unsafe.Add(ref x, (t0 + q) * InputSize)" : $"ref Unsafe.Add(ref seq, q * {cell.Inputs})";
                        if (chunked)
                        {
                            w.Line($"{InputChunking.ProjectionName(cell)}(ref Unsafe.Add(ref w, {cell.Offset}), {rowsIn}, ref pre);");
                        }
                        using (w.Open($"for (int r = 0; r < {rows}; r++)"))
                        {
                            w.Line("int p = phase ^ (r & 1);");
                            w.Line($"ref float hNew = ref Unsafe.Add(ref hAll, ((p ^ 1) * State.HalfFloats) + {h});");
                            string input = chunked
                                ? $"ref Unsafe.Add(ref pre, r * {InputChunking.RowFloats(cell)})"
                                : cell.Layer == 0 ? "ref Unsafe.Add(ref x, (t0 + q + r) * InputSize)" : $"ref Unsafe.Add(ref seq, (q + r) * {cell.Inputs})";
                            CallCell(w, spec, cell, input, $"ref Unsafe.Add(ref hAll, (p * State.HalfFloats) + {h})", $"ref Unsafe.Add(ref c, {cell.Layer * cell.PaddedHidden})", "ref hNew", "p", chunked ? InputChunking.RecurrentName(cell) : null);
                            if (!isTop)
                            {
                                // Row q + r has been read (by the projection, or by this step's kernel): it now takes this layer's output.
                                w.Line($"MemoryMarshal.CreateReadOnlySpan(ref hNew, {spec.HiddenOutputSize}).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref seq, (q + r) * {spec.HiddenOutputSize}), {spec.HiddenOutputSize}));");
                                continue;
                            }
                            using (w.Open("if (!outputs.IsEmpty)"))
                            {
                                w.Line("ProjectOutput(ref w, ref hNew, outputs.Slice((t0 + q + r) * OutputSize, OutputSize));");
                            }
                        }
                    }
                }
            }
        }
    }

    public static void EmitRunLayers(SourceWriter w, ModelSpec spec, PackedLayout layout)
    {
        int row = spec.Directions * spec.HiddenOutputSize;
        int rows = InputChunking.Rows;
        w.Line("/// <summary>");
        w.Line("/// Runs every layer over the whole sequence, the forward cell first, then the reverse cell from the last step back.");
        w.Line($"/// Layer k writes its outputs (steps × {row}) to workspace half k % 2; the layer above reads them.");
        if (InputChunking.AnyChunks(layout))
        {
            w.Line($"/// A cell's whole input sequence is known before it runs, so large cells take b + W_ih·x {rows} steps at a time");
            w.Line("/// from one product (each weight vector loaded once for all of them) and their steps multiply only W_hh·h.");
        }
        w.Line("/// </summary>");
        using (w.Open("private static void RunLayers(ref float w, ref float inputs, ref State s, Span<float> workspace, int steps)"))
        {
            EmitLocals(w, spec, layout);
            w.Line("int phase = s.Phase;");
            w.Line($"int half = steps * {row};");
            w.Line("ref float ws = ref MemoryMarshal.GetReference(workspace);");
            if (InputChunking.AnyChunks(layout))
            {
                w.Line($"int whole = steps / {rows} * {rows};");
                w.Line($"{InputChunking.BufferType} chunk = default;");
                w.Line($"ref float pre = ref Unsafe.As<{InputChunking.BufferType}, float>(ref chunk);");
            }
            foreach (var cell in layout.Cells)
            {
                int slot = ((cell.Layer * spec.Directions) + cell.Direction) * layout.PaddedOutput;
                string input = cell.Layer == 0 ? "ref inputs" : $"ref Unsafe.Add(ref ws, {(cell.Layer - 1) % 2} * half)";
                bool forward = cell.Direction == 0;
                w.Line($"// Layer {cell.Layer}, {(forward ? "forward" : "reverse")}.");
                using (w.Open(""))
                {
                    w.Line($"ref float seqIn = {input};");
                    w.Line($"ref float seqOut = ref Unsafe.Add(ref ws, {cell.Layer % 2} * half);");
                    w.Line("int p = phase;");

                    // One step at time t: x is the cell's input row t, or row r of the chunk's precomputed input half.
                    void Step(string x, string? firstKernel)
                    {
                        w.Line($"ref float hOld = ref Unsafe.Add(ref hAll, (p * State.HalfFloats) + {slot});");
                        w.Line($"ref float hNew = ref Unsafe.Add(ref hAll, ((p ^ 1) * State.HalfFloats) + {slot});");
                        CallCell(w, spec, cell, x, "ref hOld", $"ref Unsafe.Add(ref c, {((cell.Layer * spec.Directions) + cell.Direction) * cell.PaddedHidden})", "ref hNew", "p", firstKernel);
                        w.Line($"MemoryMarshal.CreateReadOnlySpan(ref hNew, {spec.HiddenOutputSize}).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref seqOut, (t * {row}) + {cell.Direction * spec.HiddenOutputSize}), {spec.HiddenOutputSize}));");
                        w.Line("p ^= 1;");
                    }

                    void Chunks()
                    {
                        string t0Loop = forward
                            ? $"for (int t0 = 0; t0 < whole; t0 += {rows})"
                            : $"for (int t0 = whole - {rows}; t0 >= 0; t0 -= {rows})";
                        using (w.Open(t0Loop))
                        {
                            w.Line($"{InputChunking.ProjectionName(cell)}(ref Unsafe.Add(ref w, {cell.Offset}), ref Unsafe.Add(ref seqIn, t0 * {cell.Inputs}), ref pre);");
                            using (w.Open(forward ? $"for (int r = 0; r < {rows}; r++)" : $"for (int r = {rows - 1}; r >= 0; r--)"))
                            {
                                w.Line("int t = t0 + r;");
                                Step($"ref Unsafe.Add(ref pre, r * {InputChunking.RowFloats(cell)})", InputChunking.RecurrentName(cell));
                            }
                        }
                    }

                    if (!InputChunking.Chunks(layout, cell))
                    {
                        using (w.Open("for (int i = 0; i < steps; i++)"))
                        {
                            w.Line(forward ? "int t = i;" : "int t = steps - 1 - i;");
                            Step($"ref Unsafe.Add(ref seqIn, t * {cell.Inputs})", null);
                        }
                        continue;
                    }
                    // Forward: whole chunks, then the last steps one by one; reverse: those last steps first.
                    if (forward)
                    {
                        Chunks();
                    }
                    using (w.Open(forward ? "for (int t = whole; t < steps; t++)" : "for (int t = steps - 1; t >= whole; t--)"))
                    {
                        Step($"ref Unsafe.Add(ref seqIn, t * {cell.Inputs})", null);
                    }
                    if (!forward)
                    {
                        Chunks();
                    }
                }
            }
            w.Line("s.Phase = phase ^ (steps & 1);");
        }
    }

    public static void EmitProjectOutput(SourceWriter w, ModelSpec spec, PackedLayout layout)
    {
        w.Line($"/// <summary>Writes one step's output from the top layer's h ({spec.StepInputOfHead} values{(spec.HeadSize > 0 ? ", through the dense head" : "")}).</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open("private static void ProjectOutput(ref float w, ref float top, Span<float> output)"))
        {
            if (layout.Head is not { } head)
            {
                w.Line($"MemoryMarshal.CreateReadOnlySpan(ref top, {spec.StepInputOfHead}).CopyTo(output);");
                return;
            }
            w.Line("HeadBuffer y = default;");
            w.Line("ref float yRef = ref Unsafe.As<HeadBuffer, float>(ref y);");
            w.Line($"Head(ref Unsafe.Add(ref w, {head.Offset}), ref top, ref yRef);");
            w.Line($"ReadOnlySpan<float> logits = MemoryMarshal.CreateReadOnlySpan(ref yRef, {spec.HeadSize});");
            switch (spec.HeadActivation)
            {
                case HeadActivationKind.Sigmoid:
                    using (w.Open("for (int i = 0; i < logits.Length; i++)"))
                    {
                        w.Line("output[i] = Act.Sigmoid(logits[i]);");
                    }
                    break;
                case HeadActivationKind.Softmax:
                    w.Line("// Softmax, shifted by the largest logit so exp never overflows.");
                    w.Line("float max = float.NegativeInfinity;");
                    w.Line("for (int i = 0; i < logits.Length; i++) max = MathF.Max(max, logits[i]);");
                    w.Line("float sum = 0f;");
                    w.Line("for (int i = 0; i < logits.Length; i++) { output[i] = MathF.Exp(logits[i] - max); sum += output[i]; }");
                    w.Line("for (int i = 0; i < logits.Length; i++) output[i] /= sum;");
                    break;
                default:
                    w.Line("logits.CopyTo(output);");
                    break;
            }
        }
    }

    public static void EmitKernels(SourceWriter w, ModelSpec spec, PackedLayout layout)
    {
        bool pairs = StepsStreamsInPairs(spec, layout);
        foreach (var cell in layout.Cells)
        {
            if (InputChunking.Chunks(layout, cell))
            {
                InputProjectionEmitter.Emit(w, spec, cell);
                w.Line();
                KernelEmitter.Emit(w, CellKernelEmitter.Recurrent(spec, cell));
                w.Line();
            }
            foreach (var kernel in CellKernelEmitter.Kernels(spec, cell))
            {
                KernelEmitter.Emit(w, kernel);
                w.Line();
                if (pairs && kernel.Pair is not null)
                {
                    KernelEmitter.EmitPair(w, kernel);
                    w.Line();
                }
            }
            if (cell.Projection is { } projection)
            {
                var name = CellKernelEmitter.CellName(cell) + "Projection";
                KernelEmitter.Emit(w, CellKernelEmitter.Dense(name, $"LSTM projection of layer {cell.Layer}{(cell.Direction == 1 ? " (reverse)" : "")}: h' = W_hr·m, m = o⊙act(c') ({projection.Rows}×{projection.Columns}).", projection));
                w.Line();
            }
        }
        if (layout.Head is { } head)
        {
            KernelEmitter.Emit(w, CellKernelEmitter.Dense("Head", $"Dense head: y = W·h + b ({head.Rows}×{head.Columns}).", head));
            w.Line();
        }
    }
}
