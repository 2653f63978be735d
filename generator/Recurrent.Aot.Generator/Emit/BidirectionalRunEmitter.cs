using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits <c>RunLayers</c>, the core of a bidirectional model: each layer runs over the whole sequence, the forward
/// cell first, then the reverse cell from the last step back, into the caller's workspace.
/// </summary>
internal static class BidirectionalRunEmitter
{
    public static void Emit(SourceWriter w, ModelPlan plan)
    {
        int row = plan.Spec.Directions * plan.Spec.HiddenOutputSize;
        int rows = InputChunking.Rows;
        var (spec, layout) = (plan.Spec, plan.Layout);
        w.Line("/// <summary>");
        w.Line("/// Runs every layer over the whole sequence, the forward cell first, then the reverse cell from the last step back.");
        w.Line($"/// Layer k writes its outputs (steps × {row}) to workspace half k % 2; the layer above reads them.");
        if (plan.AnyChunks)
        {
            w.Line($"/// A cell's whole input sequence is known before it runs, so large cells take b + W_ih·x {rows} steps at a time");
            w.Line("/// from one product (each weight vector loaded once for all of them) and their steps multiply only W_hh·h.");
        }
        w.Line("/// </summary>");
        using (w.Open("private static void RunLayers(ref float w, ref float inputs, ref State s, Span<float> workspace, int steps)"))
        {
            CellCalls.DeclareLocals(w, plan);
            w.Line("int phase = s.Phase;");
            w.Line($"int half = steps * {row};");
            w.Line("ref float ws = ref MemoryMarshal.GetReference(workspace);");
            if (plan.AnyChunks)
            {
                w.Line($"int whole = steps / {rows} * {rows};");
                w.Line($"{ChunkedRunNames.BufferType} chunk = default;");
                w.Line($"ref float pre = ref Unsafe.As<{ChunkedRunNames.BufferType}, float>(ref chunk);");
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
                        CellCalls.Call(w, cell, x, "ref hOld", $"ref Unsafe.Add(ref c, {((cell.Layer * spec.Directions) + cell.Direction) * cell.PaddedHidden})", "ref hNew", "p", firstKernel);
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
                            w.Line($"{ChunkedRunNames.ProjectionName(cell)}(ref Unsafe.Add(ref w, {cell.Offset}), ref Unsafe.Add(ref seqIn, t0 * {cell.Inputs}), ref pre);");
                            using (w.Open(forward ? $"for (int r = 0; r < {rows}; r++)" : $"for (int r = {rows - 1}; r >= 0; r--)"))
                            {
                                w.Line("int t = t0 + r;");
                                Step($"ref Unsafe.Add(ref pre, r * {cell.InputRowFloats})", ChunkedRunNames.RecurrentName(cell));
                            }
                        }
                    }

                    if (!plan.Chunks(cell))
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
}
