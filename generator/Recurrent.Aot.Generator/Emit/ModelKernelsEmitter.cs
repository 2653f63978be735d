using System.Linq;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits every kernel of a model, cell by cell in step order: a chunked cell's input projection and recurrent kernel,
/// the cell's own kernels (and their multi-stream forms for StepBatch's groups), its projection, then the head.
/// </summary>
internal static class ModelKernelsEmitter
{
    public static void Emit(SourceWriter w, ModelPlan plan)
    {
        var spec = plan.Spec;
        if (spec.WeightPrecision != WeightPrecision.Float32)
        {
            WeightLoads.EmitHelpers(w, spec.WeightPrecision);
            w.Line();
        }
        foreach (var cell in plan.Layout.Cells)
        {
            if (plan.Chunks(cell))
            {
                InputProjectionEmitter.Emit(w, spec, cell);
                w.Line();
                KernelEmitter.Emit(w, CellKernelDescriptors.Recurrent(spec, cell));
                w.Line();
            }
            foreach (var kernel in CellKernelDescriptors.Kernels(spec, cell))
            {
                KernelEmitter.Emit(w, kernel);
                w.Line();
                if (plan.StepsStreamsTogether && kernel.Streams is not null)
                {
                    KernelEmitter.EmitStreams(w, kernel, plan.StreamGroups.ToArray());
                    w.Line();
                }
            }
            if (cell.Projection is { } projection)
            {
                var name = CellKernelDescriptors.CellName(cell) + "Projection";
                KernelEmitter.Emit(w, CellKernelDescriptors.Dense(name, $"LSTM projection of layer {cell.Layer}{(cell.Direction == 1 ? " (reverse)" : "")}: h' = W_hr·m, m = o⊙act(c') ({projection.Rows}×{projection.Columns}).", projection));
                w.Line();
            }
        }
        if (plan.Layout.Head is { } head)
        {
            KernelEmitter.Emit(w, CellKernelDescriptors.Dense("Head", $"Dense head: y = W·h + b ({head.Rows}×{head.Columns}).", head));
            w.Line();
        }
    }
}
