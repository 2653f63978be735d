using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits the fixed-size <c>State</c> struct: inline arrays, so a state lives on the stack or inside the
/// caller's struct. h is kept twice (ping-pong: every panel reads the old h while writing the new one);
/// <c>Phase</c> says which copy is current.
/// </summary>
internal static class StateEmitter
{
    public static void Emit(SourceWriter w, ModelInfo model)
    {
        var spec = model.Spec;
        var layout = model.Plan.Layout;
        bool embeddedInitial = model.Weights is { InitialState.Length: > 0 };
        int cells = layout.Cells.Length;
        int hp = layout.PaddedOutput;
        int cp = layout.Cells[0].PaddedHidden;
        w.Line("/// <summary>");
        w.Line("/// The recurrent state of one stream: every layer's and direction's h" + (spec.HasCellState ? " and c" : "") + ". A plain fixed-size struct:");
        w.Line("/// keep it on the stack or in a field, copy it to checkpoint or branch a stream. <c>default</c> is the zero state,");
        w.Line(embeddedInitial
            ? "/// which this model was not trained from: start streams from the model's <c>InitialState</c> (the file's learned initial state)."
            : "/// PyTorch's default; a model bound with a learned initial state starts its streams from the model's <c>InitialState</c> instead.");
        w.Line("/// </summary>");
        using (w.Open("public struct State"))
        {
            w.Line($"/// <summary>Floats per h slot: h has {spec.HiddenOutputSize} values, padded to whole panels of the kernels.</summary>");
            w.Line($"internal const int HiddenStride = {hp};");
            w.Line($"internal const int HalfFloats = {cells * hp};");
            if (spec.HasCellState)
            {
                w.Line($"internal const int CellStride = {cp};");
            }
            w.Line();
            w.Line("/// <summary>Two copies of every h, [phase][layer·directions + direction][unit].</summary>");
            w.Line("internal HiddenBuffer H;");
            if (spec.HasCellState)
            {
                w.Line();
                w.Line("/// <summary>Every c, [layer·directions + direction][unit], updated in place (element-wise).</summary>");
                w.Line("internal CellBuffer C;");
            }
            w.Line();
            w.Line("/// <summary>Which copy of h is current (0 or 1).</summary>");
            w.Line("internal int Phase;");
            w.Line();
            if (embeddedInitial)
            {
                w.Line("/// <summary>Restores the model's learned initial state (<c>InitialState</c>).</summary>");
                w.Line("public void Reset() => this = InitialState;");
            }
            else
            {
                w.Line("/// <summary>Sets every h" + (spec.HasCellState ? " and c" : "") + " to zero" + (model.Weights is null ? " (a bound learned initial state is restored by the model's Reset(ref State))" : "") + ".</summary>");
                w.Line("public void Reset() => this = default;");
            }
            w.Line();
            w.Line("/// <summary>The current h of one layer and direction.</summary>");
            w.Line("[global::System.Diagnostics.CodeAnalysis.UnscopedRef]");
            using (w.Open("public readonly ReadOnlySpan<float> Hidden(int layer = 0, int direction = 0)"))
            {
                w.Line("int cell = CellIndex(layer, direction);");
                w.Line($"return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref Unsafe.As<HiddenBuffer, float>(ref Unsafe.AsRef(in H)), (Phase * HalfFloats) + (cell * HiddenStride)), {spec.HiddenOutputSize});");
            }
            if (spec.HasCellState)
            {
                w.Line();
                w.Line("/// <summary>The cell state c of one layer and direction.</summary>");
                w.Line("[global::System.Diagnostics.CodeAnalysis.UnscopedRef]");
                using (w.Open("public readonly ReadOnlySpan<float> Cell(int layer = 0, int direction = 0)"))
                {
                    w.Line("int cell = CellIndex(layer, direction);");
                    w.Line($"return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref Unsafe.As<CellBuffer, float>(ref Unsafe.AsRef(in C)), cell * CellStride), {spec.HiddenSize});");
                }
            }
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Writes the state in the runtime's layout (docs/runtime-api.md): every h (layer 0 forward, layer 0 reverse, ...)");
            w.Line("/// then every c, i.e. PyTorch's h_n" + (spec.HasCellState ? " and c_n" : "") + " for one batch entry.");
            w.Line("/// </summary>");
            using (w.Open("public readonly void CopyTo(Span<float> destination)"))
            {
                w.Line("if (destination.Length != StateSize) ThrowLength(nameof(destination), StateSize, destination.Length);");
                using (w.Open($"for (int cell = 0; cell < {cells}; cell++)"))
                {
                    w.Line($"Hidden(cell / Directions, cell % Directions).CopyTo(destination.Slice(cell * {spec.HiddenOutputSize}, {spec.HiddenOutputSize}));");
                    if (spec.HasCellState)
                    {
                        w.Line($"Cell(cell / Directions, cell % Directions).CopyTo(destination.Slice({cells * spec.HiddenOutputSize} + (cell * {spec.HiddenSize}), {spec.HiddenSize}));");
                    }
                }
            }
            w.Line();
            w.Line("/// <summary>Reads a state written by <see cref=\"CopyTo\"/> (or PyTorch's h0" + (spec.HasCellState ? "/c0" : "") + " for one batch entry).</summary>");
            using (w.Open("public void CopyFrom(ReadOnlySpan<float> source)"))
            {
                w.Line("if (source.Length != StateSize) ThrowLength(nameof(source), StateSize, source.Length);");
                w.Line("this = default;");
                w.Line("Span<float> h = MemoryMarshal.CreateSpan(ref Unsafe.As<HiddenBuffer, float>(ref H), HalfFloats);");
                if (spec.HasCellState)
                {
                    w.Line("Span<float> c = MemoryMarshal.CreateSpan(ref Unsafe.As<CellBuffer, float>(ref C), CellBuffer.Length);");
                }
                using (w.Open($"for (int cell = 0; cell < {cells}; cell++)"))
                {
                    w.Line($"source.Slice(cell * {spec.HiddenOutputSize}, {spec.HiddenOutputSize}).CopyTo(h.Slice(cell * HiddenStride));");
                    if (spec.HasCellState)
                    {
                        w.Line($"source.Slice({cells * spec.HiddenOutputSize} + (cell * {spec.HiddenSize}), {spec.HiddenSize}).CopyTo(c.Slice(cell * CellStride));");
                    }
                }
            }
            w.Line();
            using (w.Open("private static int CellIndex(int layer, int direction)"))
            {
                w.Line("if ((uint)layer >= Layers) throw new ArgumentOutOfRangeException(nameof(layer), layer, \"The model has \" + Layers + \" layer(s).\");");
                w.Line("if ((uint)direction >= Directions) throw new ArgumentOutOfRangeException(nameof(direction), direction, \"The model has \" + Directions + \" direction(s).\");");
                w.Line("return (layer * Directions) + direction;");
            }
            w.Line();
            w.Line($"[InlineArray({2 * cells * hp})]");
            using (w.Open("internal struct HiddenBuffer"))
            {
                w.Line("private float _element;");
            }
            if (spec.HasCellState)
            {
                w.Line();
                w.Line($"[InlineArray(Length)]");
                using (w.Open("internal struct CellBuffer"))
                {
                    w.Line($"public const int Length = {cells * cp};");
                    w.Line("private float _element;");
                }
            }
        }
    }
}
