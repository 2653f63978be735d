using System;
using Recurrent.Aot.Generation;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// Packs PyTorch-ordered parameters into the kernels' panel layout (<see cref="PackedLayout"/>) at compile time,
/// for embedded weights. The loops are <see cref="GeneratedPacking"/>'s (Emit/Shared), the same code shape-only
/// models run from FromParameters, called with the same arguments <c>WeightsEmitter</c> writes there.
/// </summary>
internal static class WeightPacker
{
    /// <summary>The packed weights as the embedded bytes (little-endian), in the plan's precision.</summary>
    public static byte[] PackBytes(ModelPlan plan, float[] parameters)
        => plan.Spec.WeightPrecision == WeightPrecision.Float32
            ? ToBytes(Pack(plan.Layout, plan.Parameters, parameters))
            : ReducedPrecisionPacker.Pack(plan, parameters);

    public static float[] Pack(ModelPlan plan, float[] parameters) => Pack(plan.Layout, plan.Parameters, parameters);

    public static float[] Pack(PackedLayout layout, ParameterLayout offsets, float[] parameters)
    {
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

    public static byte[] ToBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static void PackDense(DenseLayout dense, int weight, int bias, float[] src, float[] dst)
        => GeneratedPacking.PackDense(src, dst, dense.Offset, dense.Rows, dense.Columns, dense.PanelWidth, dense.PanelFloats, dense.ColumnSection, weight, bias);
}
