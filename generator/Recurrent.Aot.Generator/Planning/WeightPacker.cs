using Recurrent.Aot.Generation;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Packs PyTorch-ordered parameters into the kernels' panel layout (<see cref="PackedLayout"/>) at compile time,
/// for embedded weights. The loops are <see cref="GeneratedPacking"/>'s (Emit/Shared), the same code shape-only
/// models run from FromParameters, called with the same arguments <see cref="WeightsEmitter"/> writes there.
/// </summary>
internal static class WeightPacker
{
    public static float[] Pack(ModelSpec spec, float[] parameters)
    {
        var layout = new PackedLayout(spec);
        var offsets = new ParameterLayout(spec);
        var packed = new float[layout.TotalFloats];
        for (int i = 0; i < layout.Cells.Count; i++)
        {
            var cell = layout.Cells[i];
            var p = offsets.Cells[i];
            GeneratedPacking.PackCell(parameters, packed, cell.Offset, cell.Hidden, cell.Inputs, cell.Recurrent, cell.Gates, cell.GatesH, cell.BiasRows, cell.PanelWidth, cell.PanelFloats, cell.XSection, cell.HSection, cell.HnSection, p.WeightIh, p.WeightHh, p.BiasIh, p.BiasHh, GruAfterReset(cell));
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

    /// <summary>The after-reset GRU keeps b_in and b_hn apart (r multiplies only W_hn·h + b_hn).</summary>
    public static bool GruAfterReset(CellLayout cell) => cell.Kind == CellKind.Gru && !cell.ResetBefore;

    private static void PackDense(DenseLayout dense, int weight, int bias, float[] src, float[] dst)
        => GeneratedPacking.PackDense(src, dst, dense.Offset, dense.Rows, dense.Columns, dense.PanelWidth, dense.PanelFloats, dense.ColumnSection, weight, bias);
}
