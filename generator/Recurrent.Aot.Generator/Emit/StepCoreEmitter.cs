using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits the private step core of a unidirectional model: <c>StepCore</c> advances every layer one time step,
/// <c>StepCoreStreams</c> does it for a group of streams with each weight read once per register tile, and <c>WriteOutput</c> writes a step's
/// output from the top layer.
/// </summary>
internal static class StepCoreEmitter
{
    public static void EmitStepCore(SourceWriter w, ModelPlan plan)
    {
        var layout = plan.Layout;
        w.Line("/// <summary>Advances every layer one time step: reads h[Phase], writes h[1 − Phase], updates c in place.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open("private static void StepCore(ref float w, ref float x, ref State s)"))
        {
            CellCalls.DeclareLocals(w, plan);
            w.Line("int phase = s.Phase;");
            w.Line("ref float hOld = ref Unsafe.Add(ref hAll, phase * State.HalfFloats);");
            w.Line("ref float hNew = ref Unsafe.Add(ref hAll, (phase ^ 1) * State.HalfFloats);");
            foreach (var cell in layout.Cells)
            {
                int h = cell.Layer * layout.PaddedOutput;
                string x = cell.Layer == 0 ? "ref x" : $"ref Unsafe.Add(ref hNew, {(cell.Layer - 1) * layout.PaddedOutput})";
                w.Line($"// Layer {cell.Layer}: input is {(cell.Layer == 0 ? "x" : $"layer {cell.Layer - 1}'s new h")}.");
                CellCalls.Call(w, cell, x, $"ref Unsafe.Add(ref hOld, {h})", $"ref Unsafe.Add(ref c, {cell.Layer * cell.PaddedHidden})", $"ref Unsafe.Add(ref hNew, {h})", "phase");
            }
            w.Line("s.Phase = phase ^ 1;");
        }
    }

    /// <summary>The step core of a group of streams (<see cref="ModelPlan.StreamGroups"/>).</summary>
    public const string StreamsName = "StepCoreStreams";

    /// <summary>
    /// StepCore for a group of streams whose states are consecutive elements of a span (and whose inputs are consecutive
    /// rows): every layer's weights are read once for the group. The streams must share a phase (StepBatch aligns them),
    /// so each stream's h, c and new h lie a constant stride (the State's size) after the first stream's.
    /// </summary>
    public static void EmitStepCoreStreams(SourceWriter w, ModelPlan plan)
    {
        var layout = plan.Layout;
        w.Line($"/// <summary>StepCore for a group of {string.Join(", ", plan.StreamGroups)} streams (states s0 .. s0 + streams − 1, one phase): every layer's weights are read once for all.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {StreamsName}(ref float w, ref float x, ref State s0, int streams)"))
        {
            w.Line("ref float hAll = ref Unsafe.As<State.HiddenBuffer, float>(ref s0.H);");
            w.Line(plan.Spec.HasCellState ? "ref float c = ref Unsafe.As<State.CellBuffer, float>(ref s0.C);" : "ref float c = ref Unsafe.NullRef<float>();");
            w.Line("int phase = s0.Phase;");
            w.Line("ref float hOld = ref Unsafe.Add(ref hAll, phase * State.HalfFloats);");
            w.Line("ref float hNew = ref Unsafe.Add(ref hAll, (phase ^ 1) * State.HalfFloats);");
            foreach (var cell in layout.Cells)
            {
                int h = cell.Layer * layout.PaddedOutput;
                string x = cell.Layer == 0 ? "ref x" : $"ref Unsafe.Add(ref hNew, {(cell.Layer - 1) * layout.PaddedOutput})";
                string c = plan.Spec.HasCellState ? $"ref Unsafe.Add(ref c, {cell.Layer * cell.PaddedHidden})" : "ref c";
                string backwards = cell.AlternatesPanelOrder ? ", phase != 0" : "";
                w.Line($"// Layer {cell.Layer}: input is {(cell.Layer == 0 ? "x" : $"layer {cell.Layer - 1}'s new h")}.");
                w.Line($"{KernelEmitter.StreamsName(CellKernelDescriptors.CellName(cell))}(ref Unsafe.Add(ref w, {cell.Offset}), {x}, ref Unsafe.Add(ref hOld, {h}), {c}, ref Unsafe.Add(ref hNew, {h}), streams{backwards});");
            }
            using (w.Open("for (int i = 0; i < streams; i++)"))
            {
                w.Line("Unsafe.Add(ref s0, i).Phase = phase ^ 1;");
            }
        }
    }

    /// <summary>
    /// The helpers of grouped steps: the State's size in floats (the stride between streams' states) and the phase
    /// alignment StepBatch runs before a group.
    /// </summary>
    public static void EmitStreamHelpers(SourceWriter w)
    {
        w.Line("/// <summary>Floats from one State to the next in a span of states: the stride between the streams of a group.</summary>");
        w.Line($"private static int {CellKernelDescriptors.StateFloats} => Unsafe.SizeOf<State>() / sizeof(float);");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Gives every state of a group the first one's phase, so all their current h copies lie at the same offset. A state");
        w.Line("/// of another phase has its current h copied into the other copy (which the next step overwrites anyway) and its");
        w.Line("/// phase flipped: its h and c stay what they were, and the step's numbers do not depend on the phase.");
        w.Line("/// </summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open("private static void AlignPhases(Span<State> group)"))
        {
            w.Line("int phase = group[0].Phase;");
            using (w.Open("for (int i = 1; i < group.Length; i++)"))
            {
                w.Line("ref State s = ref group[i];");
                using (w.Open("if (s.Phase != phase)"))
                {
                    w.Line("ref float hAll = ref Unsafe.As<State.HiddenBuffer, float>(ref s.H);");
                    w.Line("MemoryMarshal.CreateSpan(ref Unsafe.Add(ref hAll, s.Phase * State.HalfFloats), State.HalfFloats).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref hAll, phase * State.HalfFloats), State.HalfFloats));");
                    w.Line("s.Phase = phase;");
                }
            }
        }
    }

    public static void EmitWriteOutput(SourceWriter w, ModelPlan plan)
    {
        w.Line("/// <summary>The step's output from the top layer's current h.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open("private static void WriteOutput(ref float w, ref State s, Span<float> output)"))
        {
            w.Line($"ref float top = ref Unsafe.Add(ref Unsafe.As<State.HiddenBuffer, float>(ref s.H), (s.Phase * State.HalfFloats) + {(plan.Spec.Layers - 1) * plan.Layout.PaddedOutput});");
            w.Line("ProjectOutput(ref w, ref top, output);");
        }
    }
}
