using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Packs PyTorch-ordered parameters into the kernels' panel layout (<see cref="PackedLayout"/>).
/// The emitted run-time packer (<see cref="PackerEmitter"/>) performs exactly these loops.
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
            PackCell(layout.Cells[i], offsets.Cells[i], parameters, packed);
        }
        if (layout.Head is { } head)
        {
            PackDense(head, offsets.HeadWeight, offsets.HeadBias, parameters, packed);
        }
        return packed;
    }

    private static void PackCell(CellLayout cell, CellParameters p, float[] src, float[] dst)
    {
        int w = cell.PanelWidth;
        for (int j = 0; j < cell.Hidden; j++)
        {
            int panel = cell.Offset + ((j / w) * cell.PanelFloats);
            int u = j % w;
            for (int b = 0; b < cell.BiasRows; b++)
            {
                dst[panel + (b * w) + u] = BiasRow(cell, p, src, b, j);
            }
            for (int g = 0; g < cell.Gates; g++)
            {
                int row = (g * cell.Hidden) + j;
                for (int k = 0; k < cell.Inputs; k++)
                {
                    dst[panel + cell.XSection + (((k * cell.Gates) + g) * w) + u] = src[p.WeightIh + (row * cell.Inputs) + k];
                }
                for (int k = 0; k < cell.Recurrent; k++)
                {
                    float value = src[p.WeightHh + (row * cell.Recurrent) + k];
                    if (g < cell.GatesH)
                    {
                        dst[panel + cell.HSection + (((k * cell.GatesH) + g) * w) + u] = value;
                    }
                    else
                    {
                        dst[panel + cell.HnSection + (k * w) + u] = value;
                    }
                }
            }
        }
        if (cell.Projection is { } projection)
        {
            PackDense(projection, p.WeightHr, -1, src, dst);
        }
    }

    /// <summary>
    /// Bias row b for unit j: b_ih + b_hh per gate, except that the after-reset GRU keeps b_in (row 2) and
    /// b_hn (row 3) apart, since r multiplies only W_hn·h + b_hn.
    /// </summary>
    private static float BiasRow(CellLayout cell, CellParameters p, float[] src, int b, int j)
    {
        if (p.BiasIh < 0)
        {
            return 0f;
        }
        int h = cell.Hidden;
        if (cell.Kind == CellKind.Gru && !cell.ResetBefore)
        {
            return b switch
            {
                2 => src[p.BiasIh + (2 * h) + j],
                3 => src[p.BiasHh + (2 * h) + j],
                _ => src[p.BiasIh + (b * h) + j] + src[p.BiasHh + (b * h) + j],
            };
        }
        return src[p.BiasIh + (b * h) + j] + src[p.BiasHh + (b * h) + j];
    }

    private static void PackDense(DenseLayout dense, int weight, int bias, float[] src, float[] dst)
    {
        int w = dense.PanelWidth;
        for (int r = 0; r < dense.Rows; r++)
        {
            int panel = dense.Offset + ((r / w) * dense.PanelFloats);
            int u = r % w;
            if (dense.HasBias && bias >= 0)
            {
                dst[panel + u] = src[bias + r];
            }
            for (int k = 0; k < dense.Columns; k++)
            {
                dst[panel + dense.ColumnSection + (k * w) + u] = src[weight + (r * dense.Columns) + k];
            }
        }
    }
}
