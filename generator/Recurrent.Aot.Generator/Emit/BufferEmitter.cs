using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits the fixed-size buffer types the step and run methods keep on the stack: per-step scratch, the chunk of
/// precomputed input halves, a layer's outputs for one block, and the head's outputs. Each exists only where the plan needs it.
/// </summary>
internal static class BufferEmitter
{
    public static void Emit(SourceWriter w, ModelPlan plan)
    {
        var layout = plan.Layout;
        if (plan.NeedsScratch)
        {
            w.Line($"/// <summary>Per-step temporaries: {(layout.Cells[0].ResetBefore ? "r⊙h, z and W_in·x + b_n of the original GRU" : "o⊙act(c') before the projection")}.</summary>");
            EmitBuffer(w, "private struct Scratch", plan.ScratchFloats);
        }
        if (plan.AnyChunks)
        {
            w.Line($"/// <summary>A cell's precomputed input half (b + W_ih·x) for {InputChunking.Rows} steps of a chunked run, {layout.Cells[0].InputRowFloats} floats a step.</summary>");
            EmitBuffer(w, $"private struct {ChunkedRunNames.BufferType}", plan.ChunkBufferFloats);
        }
        if (plan.CarriesBlockOutputs)
        {
            w.Line($"/// <summary>A layer's outputs for a block of up to {plan.BlockSteps} steps of a run, the inputs of the layer above.</summary>");
            EmitBuffer(w, $"private struct {ChunkedRunNames.HiddenType}", plan.BlockOutputFloats);
        }
        if (layout.Head is { } head)
        {
            w.Line("/// <summary>The head's outputs, padded to whole panels.</summary>");
            EmitBuffer(w, "private struct HeadBuffer", head.PaddedRows);
        }
    }

    /// <summary>An inline array of <paramref name="floats"/> floats, then a blank line.</summary>
    private static void EmitBuffer(SourceWriter w, string declaration, int floats)
    {
        w.Line($"[InlineArray({floats})]");
        using (w.Open(declaration))
        {
            w.Line("private float _element;");
        }
        w.Line();
    }
}
