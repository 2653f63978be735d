using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits the private step core of a unidirectional model: <c>StepCore</c> advances every layer one time step,
/// <c>StepCorePair</c> does it for two streams with each weight read once, and <c>WriteOutput</c> writes a step's
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

    /// <summary>StepCore for two streams (<see cref="ModelPlan.StepsStreamsInPairs"/>).</summary>
    public static void EmitStepCorePair(SourceWriter w, ModelPlan plan)
    {
        var layout = plan.Layout;
        w.Line("/// <summary>StepCore for two streams at once: every layer's weights are read once for both.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open("private static void StepCorePair(ref float w, ref float x0, ref State s0, ref float x1, ref State s1)"))
        {
            for (int s = 0; s < 2; s++)
            {
                w.Line($"ref float hAll{s} = ref Unsafe.As<State.HiddenBuffer, float>(ref s{s}.H);");
                w.Line(plan.Spec.HasCellState ? $"ref float c{s} = ref Unsafe.As<State.CellBuffer, float>(ref s{s}.C);" : $"ref float c{s} = ref Unsafe.NullRef<float>();");
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
                string backwards = cell.AlternatesPanelOrder ? ", phase0 != 0" : "";
                w.Line($"// Layer {cell.Layer}: input is {(cell.Layer == 0 ? "x" : $"layer {cell.Layer - 1}'s new h")}.");
                w.Line($"{CellKernelDescriptors.CellName(cell)}Pair(ref Unsafe.Add(ref w, {cell.Offset}), {State(0)}, {State(1)}{backwards});");
            }
            w.Line("s0.Phase = phase0 ^ 1;");
            w.Line("s1.Phase = phase1 ^ 1;");
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
