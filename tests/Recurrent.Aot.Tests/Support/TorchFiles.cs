using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.Support;

/// <summary>Writes models as PyTorch would export their state_dict (names under a prefix), in memory.</summary>
internal static class TorchFiles
{
    /// <summary>Adds a layered module's tensors (<c>{prefix}weight_ih_l{k}[_reverse]</c>, ...).</summary>
    public static void AddModule(SafeTensorsWriter writer, string prefix, ModelSpec spec, IReadOnlyList<CellWeights> weights)
    {
        for (int layer = 0; layer < spec.Layers; layer++)
        {
            for (int direction = 0; direction < spec.Directions; direction++)
            {
                string suffix = $"_l{layer}{(direction == 1 ? "_reverse" : "")}";
                AddCell(writer, prefix, suffix, spec.LayerCell(layer), weights[layer * spec.Directions + direction]);
            }
        }
    }

    public static void AddCell(SafeTensorsWriter writer, string prefix, string suffix, CellSpec spec, CellWeights w)
    {
        int rows = spec.GateCount * spec.HiddenSize;
        writer.Add($"{prefix}weight_ih{suffix}", w.WeightIh, rows, spec.InputSize);
        writer.Add($"{prefix}weight_hh{suffix}", w.WeightHh, rows, spec.OutputSize);
        if (w.BiasIh is not null)
            writer.Add($"{prefix}bias_ih{suffix}", w.BiasIh, rows);
        if (w.BiasHh is not null)
            writer.Add($"{prefix}bias_hh{suffix}", w.BiasHh, rows);
        if (w.WeightHr is not null)
            writer.Add($"{prefix}weight_hr{suffix}", w.WeightHr, spec.ProjSize, spec.HiddenSize);
        if (w.Peepholes is not null)
            writer.Add($"{prefix}weight_ph{suffix}", w.Peepholes, 3 * spec.HiddenSize);
    }

    public static SafeTensorsFile Parse(SafeTensorsWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return SafeTensorsFile.Parse(stream.ToArray());
    }
}
