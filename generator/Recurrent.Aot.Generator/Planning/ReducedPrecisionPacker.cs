using System;
using System.Collections.Generic;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// Packs embedded weights in bfloat16 or int8 (<see cref="WeightPrecision"/>). Every conversion is
/// <see cref="WeightQuantization"/>'s (the runtime's rules), applied to the PyTorch-ordered matrices; the panel
/// order is <see cref="WeightPacker"/>'s float32 packing of the converted values, so no index rule is written twice:
/// <list type="number">
/// <item>each weight matrix (weight_ih, weight_hh, weight_hr, the head's weight) is rounded to bfloat16, or quantized
/// to int8 per row (q, and the row's scale s); biases stay float32;</item>
/// <item>the float32 packer lays out those values (bfloat16 values, or the integers q as floats) and, for int8, a
/// second copy whose every weight is its row's scale, which puts each scale where its row's weights are;</item>
/// <item>each panel is copied into the reduced layout: bias rows as they are, column sections narrowed to 2 or 1
/// bytes per weight (exact: the values are already bfloat16 or integers), bfloat16 sections in the runtime's paired
/// column layout (<see cref="Recurrent.Aot.Generation.GeneratedPacking.PairedIndex"/>), and for int8 each section's
/// scale rows (s, then 1/s) taken from its first column.</item>
/// </list>
/// An int8 file's own q and s enter at step 2 instead of step 1 (<see cref="PackStoredInt8"/>).
/// </summary>
internal static class ReducedPrecisionPacker
{
    public static byte[] Pack(ModelPlan plan, float[] parameters)
    {
        float[] values = (float[])parameters.Clone();
        float[] scales = new float[parameters.Length];
        foreach (var (offset, rows, columns) in Matrices(plan.Spec, plan.Parameters))
        {
            Convert(plan.Spec.WeightPrecision, values, scales, offset, rows, columns);
        }
        return PackConverted(plan, values, scales);
    }

    /// <summary>
    /// Packs an Int8 plan whose file stores some matrices as int8 already (<paramref name="stored"/>): those keep the
    /// file's q and s exactly (quantizing q · s again need not give them back); any other matrix (a float32 head beside
    /// int8 cells) is quantized as <see cref="Pack"/> does. The runtime's <c>PackedPanel.Pack</c> makes the same choice.
    /// </summary>
    public static byte[] PackStoredInt8(ModelPlan plan, float[] parameters, IReadOnlyList<StoredInt8Matrix> stored)
    {
        if (plan.Spec.WeightPrecision != WeightPrecision.Int8)
        {
            throw new ArgumentException("Stored int8 matrices are embedded as they are only by an Int8 plan.", nameof(plan));
        }
        var byOffset = new Dictionary<int, StoredInt8Matrix>();
        foreach (var matrix in stored)
        {
            byOffset[matrix.Offset] = matrix;
        }
        float[] values = (float[])parameters.Clone();
        float[] scales = new float[parameters.Length];
        foreach (var (offset, rows, columns) in Matrices(plan.Spec, plan.Parameters))
        {
            if (!byOffset.TryGetValue(offset, out var matrix))
            {
                Convert(WeightPrecision.Int8, values, scales, offset, rows, columns);
                continue;
            }
            if (matrix.Rows != rows || matrix.Columns != columns)
            {
                throw new ArgumentException($"The stored int8 matrix at {offset} is ({matrix.Rows}, {matrix.Columns}); the plan has ({rows}, {columns}) there.", nameof(stored));
            }
            for (int i = 0; i < rows * columns; i++)
            {
                values[offset + i] = matrix.Values[i];
                scales[offset + i] = matrix.Scales[i / columns];
            }
        }
        return PackConverted(plan, values, scales);
    }

    /// <summary>
    /// Lays out converted matrices: <paramref name="values"/> holds the parameters with every weight matrix already
    /// bfloat16-valued or replaced by its int8 integers, <paramref name="scales"/> (int8) each weight's row scale.
    /// </summary>
    private static byte[] PackConverted(ModelPlan plan, float[] values, float[] scales)
    {
        var precision = plan.Spec.WeightPrecision;
        var wide = ModelPlanner.Plan(plan.Spec with { WeightPrecision = WeightPrecision.Float32 });
        float[] packedValues = WeightPacker.Pack(wide.Layout, wide.Parameters, values);
        float[] packedScales = WeightPacker.Pack(wide.Layout, wide.Parameters, scales);

        var floats = new float[plan.Layout.TotalFloats];
        var narrowed = new List<(int Floats, float[] Source, int From, int Count, int Columns)>();
        for (int i = 0; i < plan.Layout.Cells.Length; i++)
        {
            var cell = plan.Layout.Cells[i];
            var source = wide.Layout.Cells[i];
            for (int p = 0; p < cell.Panels; p++)
            {
                int to = cell.Offset + (p * cell.PanelFloats);
                int from = source.Offset + (p * source.PanelFloats);
                Array.Copy(packedValues, from, floats, to, cell.BiasRows * cell.PanelWidth);
                Section(to + cell.XSection, from + source.XSection, cell.Inputs, cell.Gates, to + cell.XScales);
                Section(to + cell.HSection, from + source.HSection, cell.Recurrent, cell.GatesH, to + cell.HScales);
                if (cell.ResetBefore)
                {
                    Section(to + cell.HnSection, from + source.HnSection, cell.Recurrent, 1, to + cell.HnScales);
                }

                void Section(int target, int start, int columns, int sectionRows, int scaleRows)
                {
                    narrowed.Add((target, packedValues, start, columns * sectionRows * cell.PanelWidth, columns));
                    if (precision == WeightPrecision.Int8)
                    {
                        WriteScales(floats, packedScales, start, sectionRows, cell.PanelWidth, scaleRows);
                    }
                }
            }
            if (cell.Projection is { } projection)
            {
                Dense(projection, source.Projection!);
            }
        }
        if (plan.Layout.Head is { } head)
        {
            Dense(head, wide.Layout.Head!);
        }

        void Dense(DenseLayout dense, DenseLayout source)
        {
            for (int p = 0; p < dense.Panels; p++)
            {
                int to = dense.Offset + (p * dense.PanelFloats);
                int from = source.Offset + (p * source.PanelFloats);
                if (dense.HasBias)
                {
                    Array.Copy(packedValues, from, floats, to, dense.PanelWidth);
                }
                narrowed.Add((to + dense.ColumnSection, packedValues, from + source.ColumnSection, dense.Columns * dense.PanelWidth, dense.Columns));
                if (precision == WeightPrecision.Int8)
                {
                    WriteScales(floats, packedScales, from + source.ColumnSection, 1, dense.PanelWidth, to + dense.Scales);
                }
            }
        }

        byte[] bytes = WeightPacker.ToBytes(floats);
        foreach (var (target, source, start, count, columns) in narrowed)
        {
            Narrow(precision, source, start, count, columns, bytes, target * 4);
        }
        return bytes;
    }

    /// <summary>Every weight matrix of the model: (offset in the parameters, rows, columns).</summary>
    private static IEnumerable<(int Offset, int Rows, int Columns)> Matrices(ModelSpec spec, ParameterLayout parameters)
    {
        int rows = spec.GateCount * spec.HiddenSize;
        for (int i = 0; i < parameters.Cells.Length; i++)
        {
            var cell = parameters.Cells[i];
            int layer = i / spec.Directions;
            yield return (cell.WeightIh, rows, spec.LayerInputSize(layer));
            yield return (cell.WeightHh, rows, spec.HiddenOutputSize);
            if (cell.WeightHr >= 0)
            {
                yield return (cell.WeightHr, spec.ProjSize, spec.HiddenSize);
            }
        }
        if (parameters.HeadWeight >= 0)
        {
            yield return (parameters.HeadWeight, spec.HeadSize, spec.StepInputOfHead);
        }
    }

    /// <summary>Rounds a matrix to bfloat16 in place, or replaces it by its int8 integers and fills each row's scale.</summary>
    private static void Convert(WeightPrecision precision, float[] values, float[] scales, int offset, int rows, int columns)
    {
        int count = rows * columns;
        if (precision == WeightPrecision.BFloat16)
        {
            for (int i = offset; i < offset + count; i++)
            {
                values[i] = WeightQuantization.RoundToBFloat16(values[i]);
            }
            return;
        }
        var quantized = new sbyte[count];
        var rowScales = new float[rows];
        WeightQuantization.QuantizeRowsInt8(values.AsSpan(offset, count), rows, columns, quantized, rowScales);
        for (int i = 0; i < count; i++)
        {
            values[offset + i] = quantized[i];
            scales[offset + i] = rowScales[i / columns];
        }
    }

    /// <summary>
    /// A section's scale rows: s for each row and unit (from the section's first column, where the scale copy put the
    /// row's scale), then 1/s. Padded units have no row (scale 0 there): they get 1, and their weights are zero.
    /// </summary>
    private static void WriteScales(float[] floats, float[] packedScales, int firstColumn, int rows, int panelWidth, int target)
    {
        for (int i = 0; i < rows * panelWidth; i++)
        {
            float scale = packedScales[firstColumn + i];
            scale = scale > 0f ? scale : 1f;
            floats[target + i] = scale;
            floats[target + (rows * panelWidth) + i] = 1f / scale;
        }
    }

    /// <summary>
    /// Writes a section's float32 values that are already bfloat16 (their upper 16 bits) or int8 integers at a byte
    /// offset; bfloat16 sections take the paired column layout (<see cref="Recurrent.Aot.Generation.GeneratedPacking.PairedIndex"/>).
    /// </summary>
    private static void Narrow(WeightPrecision precision, float[] source, int start, int count, int columns, byte[] bytes, int at)
    {
        for (int i = 0; i < count; i++)
        {
            float value = source[start + i];
            if (precision == WeightPrecision.BFloat16)
            {
                ushort bits = WeightQuantization.ToBFloat16Bits(value);
                int to = Recurrent.Aot.Generation.GeneratedPacking.PairedIndex(i, columns, count / columns);
                bytes[at + (2 * to)] = (byte)bits;
                bytes[at + (2 * to) + 1] = (byte)(bits >> 8);
            }
            else
            {
                bytes[at + i] = unchecked((byte)(sbyte)value);
            }
        }
    }
}
