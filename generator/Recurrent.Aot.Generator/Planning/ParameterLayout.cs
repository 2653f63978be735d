using System.Collections.Generic;
using Recurrent.Aot.Generator.Helpers;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// Offsets of each tensor in the flat parameter vector, in PyTorch's <c>module.parameters()</c> order:
/// per layer, per direction: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr; then the head's weight and bias.
/// This is the order of <c>torch.cat([p.flatten() for p in model.parameters()])</c>.
/// </summary>
internal sealed record ParameterLayout
{
    public ParameterLayout(ModelSpec spec)
    {
        int offset = 0;
        var cells = new List<CellParameters>();
        for (int layer = 0; layer < spec.Layers; layer++)
        {
            for (int direction = 0; direction < spec.Directions; direction++)
            {
                int rows = spec.GateCount * spec.HiddenSize;
                string suffix = "_l" + layer.ToString(System.Globalization.CultureInfo.InvariantCulture) + (direction == 1 ? "_reverse" : "");
                var cell = new CellParameters(suffix)
                {
                    WeightIh = offset,
                };
                offset += rows * spec.LayerInputSize(layer);
                cell.WeightHh = offset;
                offset += rows * spec.HiddenOutputSize;
                if (spec.HasBias)
                {
                    cell.BiasIh = offset;
                    offset += rows;
                    cell.BiasHh = offset;
                    offset += rows;
                }
                if (spec.ProjSize > 0)
                {
                    cell.WeightHr = offset;
                    offset += spec.ProjSize * spec.HiddenSize;
                }
                cells.Add(cell);
            }
        }
        Cells = new EquatableArray<CellParameters>(cells.ToArray());
        if (spec.HeadSize > 0)
        {
            HeadWeight = offset;
            offset += spec.HeadSize * spec.StepInputOfHead;
            if (spec.HeadHasBias)
            {
                HeadBias = offset;
                offset += spec.HeadSize;
            }
        }
    }

    public EquatableArray<CellParameters> Cells { get; }

    public int HeadWeight { get; } = -1;

    public int HeadBias { get; } = -1;
}

/// <summary>Offsets of one cell's tensors in the flat parameter vector; -1 when absent.</summary>
internal sealed record CellParameters
{
    public CellParameters(string suffix) => Suffix = suffix;

    /// <summary>PyTorch's name suffix: <c>_l0</c>, <c>_l1_reverse</c>...</summary>
    public string Suffix { get; }

    public int WeightIh { get; set; } = -1;

    public int WeightHh { get; set; } = -1;

    public int BiasIh { get; set; } = -1;

    public int BiasHh { get; set; } = -1;

    public int WeightHr { get; set; } = -1;
}
