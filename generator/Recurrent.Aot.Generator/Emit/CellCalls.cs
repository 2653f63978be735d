using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// The statements the step and run methods share: the state locals they declare, and the calls that run one cell's
/// kernels on given slices of input, state and weights.
/// </summary>
internal static class CellCalls
{
    /// <summary>hAll, c and (where the plan needs it) the scratch buffer, as refs into the state <c>s</c>.</summary>
    public static void DeclareLocals(SourceWriter w, ModelPlan plan)
    {
        w.Line("ref float hAll = ref Unsafe.As<State.HiddenBuffer, float>(ref s.H);");
        w.Line(plan.Spec.HasCellState ? "ref float c = ref Unsafe.As<State.CellBuffer, float>(ref s.C);" : "ref float c = ref Unsafe.NullRef<float>();");
        if (plan.NeedsScratch)
        {
            w.Line("Scratch scratch = default;");
            w.Line("ref float sc = ref Unsafe.As<Scratch, float>(ref scratch);");
        }
    }

    /// <summary>
    /// Calls the kernels of one cell: x, old h, c, new h are expressions of type ref float; phase is the
    /// int expression of the h copy being read, which also picks the panel order of the cell's kernels.
    /// </summary>
    /// <param name="firstKernel">The kernel that multiplies the input, or null for the cell's own (x in, all columns).</param>
    public static void Call(SourceWriter w, CellLayout cell, string x, string hOld, string c, string hNew, string phase, string? firstKernel = null)
    {
        string name = CellKernelDescriptors.CellName(cell);
        string scratch = cell.ResetBefore || cell.Projection is not null ? "ref sc" : "ref Unsafe.NullRef<float>()";
        string args = $"ref Unsafe.Add(ref w, {cell.Offset}), {x}, {hOld}, {c}, {hNew}, {scratch}";
        if (cell.AlternatesPanelOrder)
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
}
