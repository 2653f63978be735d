using Recurrent.Aot.Generation;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// Packs PyTorch-ordered parameters into the kernels' panel layout (<see cref="PackedLayout"/>) at compile time,
/// for embedded weights. The loops are <see cref="GeneratedPacking"/>'s (Emit/Shared), the same code shape-only
/// models run from FromParameters, called with the same arguments <c>WeightsEmitter</c> writes there.
/// </summary>
internal static class WeightPacker
{
    public static float[] Pack(ModelPlan plan, float[] parameters)
    {
        var layout = plan.Layout;
        var offsets = plan.Parameters;
        var packed = new float[layout.TotalFloats];
        for (int i = 0; i < layout.Cells.Length; i++)
        {
            var cell = layout.Cells[i];
            var p = offsets.Cells[i];
            GeneratedPacking.PackCell(parameters, packed, cell.Offset, cell.Hidden, cell.Inputs, cell.Recurrent, cell.Gates, cell.GatesH, cell.BiasRows, cell.PanelWidth, cell.PanelFloats, cell.XSection, cell.HSection, cell.HnSection, p.WeightIh, p.WeightHh, p.BiasIh, p.BiasHh, cell.GruAfterReset);
            if (cell.Projection is { } projection)
            {
                PackDense(projection, p.WeightHr, -1, parameters, packed);
            }
        }
        if (layout.Head is { } head)
        {
            PackDense(head, offsets.HeadWeight, offsets.HeadBias, parameters, packed);
        }
        return packed;
    }

    private static void PackDense(DenseLayout dense, int weight, int bias, float[] src, float[] dst)
        => GeneratedPacking.PackDense(src, dst, dense.Offset, dense.Rows, dense.Columns, dense.PanelWidth, dense.PanelFloats, dense.ColumnSection, weight, bias);
}
