using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits <c>RunChunks</c>, the block loop of a unidirectional model's Run and RunLast (<see cref="ModelPlan.RunsInBlocks"/>):
/// layer by layer through blocks of steps, a large layer's input half precomputed a chunk of steps at a time.
/// </summary>
internal static class BlockRunEmitter
{
    public static void Emit(SourceWriter w, ModelPlan plan)
    {
        int rows = InputChunking.Rows;
        int block = plan.BlockSteps;
        var (spec, layout) = (plan.Spec, plan.Layout);
        var top = layout.Cells[layout.Cells.Length - 1];
        w.Line("/// <summary>");
        w.Line($"/// Runs <paramref name=\"steps\"/> steps (a multiple of {rows}) from <paramref name=\"x\"/>, in blocks of up to {block} steps run layer by");
        w.Line("/// layer: a layer steps through the block, then the layer above takes its outputs as inputs, so each layer's");
        w.Line($"/// weights serve consecutive steps. A large layer's b + W_ih·x is one product per {rows} steps (each weight vector");
        w.Line($"/// loaded once for the {rows}); its steps then multiply only W_hh·h. Blocks have an even number of steps, so each");
        w.Line("/// layer's h ping-pongs back to the state's phase. Writes each step's output to <paramref name=\"outputs\"/> unless");
        w.Line("/// it is empty (N→1 only advances the state).");
        w.Line("/// </summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (w.Open($"private static void {ChunkedRunNames.RunMethod}(ref float w, ref float x, ref State s, Span<float> outputs, int steps)"))
        {
            CellCalls.DeclareLocals(w, plan);
            w.Line("int phase = s.Phase;");
            if (plan.AnyChunks)
            {
                w.Line($"{ChunkedRunNames.BufferType} chunk = default;");
                w.Line($"ref float pre = ref Unsafe.As<{ChunkedRunNames.BufferType}, float>(ref chunk);");
            }
            if (layout.Cells.Length > 1)
            {
                w.Line($"{ChunkedRunNames.HiddenType} between = default;");
                w.Line($"ref float seq = ref Unsafe.As<{ChunkedRunNames.HiddenType}, float>(ref between);");
            }
            using (w.Open($"for (int t0 = 0; t0 < steps; t0 += {block})"))
            {
                w.Line($"int n = Math.Min({block}, steps - t0);");
                foreach (var cell in layout.Cells)
                {
                    bool chunked = plan.Chunks(cell);
                    bool isTop = cell == top;
                    int h = cell.Layer * layout.PaddedOutput;
                    w.Line($"// Layer {cell.Layer}: {(cell.Layer == 0 ? "the block's inputs" : $"layer {cell.Layer - 1}'s outputs for the block")}{(chunked ? $", input half precomputed {rows} steps at a time" : "")}.");
                    using (w.Open($"for (int q = 0; q < n; q += {rows})"))
                    {
                        string rowsIn = cell.Layer == 0 ? $"ref Unsafe.Add(ref x, (t0 + q) * InputSize)" : $"ref Unsafe.Add(ref seq, q * {cell.Inputs})";
                        if (chunked)
                        {
                            w.Line($"{ChunkedRunNames.ProjectionName(cell)}(ref Unsafe.Add(ref w, {cell.Offset}), {rowsIn}, ref pre);");
                        }
                        using (w.Open($"for (int r = 0; r < {rows}; r++)"))
                        {
                            w.Line("int p = phase ^ (r & 1);");
                            w.Line($"ref float hNew = ref Unsafe.Add(ref hAll, ((p ^ 1) * State.HalfFloats) + {h});");
                            string input = chunked
                                ? $"ref Unsafe.Add(ref pre, r * {cell.InputRowFloats})"
                                : cell.Layer == 0 ? "ref Unsafe.Add(ref x, (t0 + q + r) * InputSize)" : $"ref Unsafe.Add(ref seq, (q + r) * {cell.Inputs})";
                            CellCalls.Call(w, cell, input, $"ref Unsafe.Add(ref hAll, (p * State.HalfFloats) + {h})", $"ref Unsafe.Add(ref c, {cell.Layer * cell.PaddedHidden})", "ref hNew", "p", chunked ? ChunkedRunNames.RecurrentName(cell) : null);
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
}
