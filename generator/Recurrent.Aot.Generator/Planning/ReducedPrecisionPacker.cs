using System;
using System.Collections.Generic;
using Recurrent.Aot.Generation;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// Packs embedded weights in bfloat16 or int8 (<see cref="WeightPrecision"/>) with the loops shape-only models run from
/// FromParameters (<see cref="GeneratedPacking"/>, Emit/Shared/GeneratedPacking.Reduced.cs), called with the same
/// arguments <c>WeightsEmitter</c> writes there, so an embedded model and a shape-only one bound to the same weights hold
/// the same bytes:
/// <list type="number">
/// <item>for int8, each weight matrix (weight_ih, weight_hh, weight_hr, the head's weight) is quantized per row in
/// PyTorch order: q in place of the weights, the row's scale s beside it (<see cref="GeneratedPacking.QuantizeInt8"/>);</item>
/// <item>the reduced packers lay out every panel: bias rows in float32, column sections narrowed to bfloat16 (rounded
/// to nearest even, in the paired column layout) or to the int8 q, and for int8 each section's scale rows (s, then 1/s).</item>
/// </list>
/// The rules of rounding and quantizing are the runtime's <see cref="WeightQuantization"/>. An int8 file's own q and s
/// enter at step 2 instead of step 1 (<see cref="PackStoredInt8"/>).
/// </summary>
internal static class ReducedPrecisionPacker
{
    public static byte[] Pack(ModelPlan plan, float[] parameters)
    {
        bool int8 = plan.Spec.WeightPrecision == WeightPrecision.Int8;
        float[] values = parameters;
        float[] scales = Array.Empty<float>();
        if (int8)
        {
            values = (float[])parameters.Clone();
            scales = new float[parameters.Length];
            foreach (var (offset, rows, columns) in Matrices(plan.Spec, plan.Parameters))
            {
                GeneratedPacking.QuantizeInt8(values, scales, offset, rows, columns);
            }
        }
        return Lay(plan, values, scales, int8);
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
                GeneratedPacking.QuantizeInt8(values, scales, offset, rows, columns);
                continue;
            }
            if (matrix.Rows != rows || matrix.Columns != columns)
            {
                throw new ArgumentException($"The stored int8 matrix at {offset} is ({matrix.Rows}, {matrix.Columns}); the plan has ({rows}, {columns}) there.", nameof(stored));
            }
            for (int i = 0; i < rows * columns; i++)
            {
                values[offset + i] = matrix.Values[i];
            }
            for (int r = 0; r < rows; r++)
            {
                scales[offset + r] = matrix.Scales[r];
            }
        }
        return Lay(plan, values, scales, int8: true);
    }

    /// <summary>
    /// Lays out converted parameters: every weight matrix in <paramref name="values"/> already holds its int8 integers
    /// (with each row's scale at <paramref name="scales"/>[matrix offset + row]) or, for bfloat16, the float32 weights the
    /// packers round.
    /// </summary>
    private static byte[] Lay(ModelPlan plan, float[] values, float[] scales, bool int8)
    {
        var floats = new float[plan.Layout.TotalFloats];
        for (int i = 0; i < plan.Layout.Cells.Length; i++)
        {
            var cell = plan.Layout.Cells[i];
            var p = plan.Parameters.Cells[i];
            GeneratedPacking.PackCellReduced(values, scales, floats, cell.Offset, cell.Hidden, cell.Inputs, cell.Recurrent, cell.Gates, cell.GatesH, cell.BiasRows, cell.PanelWidth, cell.PanelFloats, cell.XScales, cell.HScales, cell.HnScales, cell.XSection, cell.HSection, cell.HnSection, p.WeightIh, p.WeightHh, p.BiasIh, p.BiasHh, cell.GruAfterReset, int8);
            if (cell.Projection is { } projection)
            {
                Dense(projection, p.WeightHr, -1);
            }
        }
        if (plan.Layout.Head is { } head)
        {
            Dense(head, plan.Parameters.HeadWeight, plan.Parameters.HeadBias);
        }
        return WeightPacker.ToBytes(floats);

        void Dense(DenseLayout dense, int weight, int bias)
            => GeneratedPacking.PackDenseReduced(values, scales, floats, dense.Offset, dense.Rows, dense.Columns, dense.PanelWidth, dense.PanelFloats, dense.Scales, dense.ColumnSection, weight, bias, int8);
    }

    /// <summary>Every weight matrix of the model: (offset in the parameters, rows, columns).</summary>
    public static IEnumerable<(int Offset, int Rows, int Columns)> Matrices(ModelSpec spec, ParameterLayout parameters)
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
}
