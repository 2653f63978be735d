using System.Globalization;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop;

/// <summary>
/// A model converted from another framework, in the runtime's terms: the spec, the cells' weights in PyTorch layout
/// and gate order (layer 0 forward, layer 0 reverse, layer 1 forward, ...), the head. <see cref="ToSafeTensors"/>
/// writes it with PyTorch names and the <c>recurrent.*</c> metadata (docs/file-format.md), and checks that the
/// runtime reads back exactly this model, so every importer produces files the runtime, the generator and the
/// command line consume unchanged.
/// </summary>
public sealed class ImportedModel
{
    /// <summary>The architecture.</summary>
    public required ModelSpec Spec { get; init; }

    /// <summary>Per layer and direction, PyTorch layout; <c>InitialHidden</c>/<c>InitialCell</c> become <c>initial_h_l{k}</c>/<c>initial_c_l{k}</c>.</summary>
    public required IReadOnlyList<CellWeights> Cells { get; init; }

    /// <summary>The dense head's weights (O, D·H_out) and bias, or null.</summary>
    public HeadWeights? Head { get; init; }

    /// <summary>The tensor-name prefix of the recurrent module, without the dot (<c>lstm</c>).</summary>
    public string Module { get; init; } = "rnn";

    /// <summary>The tensor-name prefix of the head, without the dot.</summary>
    public string HeadName { get; init; } = "fc";

    /// <summary>Written as <c>recurrent.batch_first</c> (informational: the source model's input layout).</summary>
    public bool BatchFirst { get; init; }

    /// <summary>Extra metadata outside <c>recurrent.*</c> (<c>import.format</c>, <c>import.producer</c>).</summary>
    public IDictionary<string, string> Notes { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The safetensors file of the model, checked by reading it back with the runtime's loader.</summary>
    /// <exception cref="ModelImportException">The spec and weights do not describe a model the runtime runs (the message says why).</exception>
    public SafeTensorsWriter ToSafeTensors()
    {
        try
        {
            _ = RecurrentModel.Create(Spec, Cells, Head);
        }
        catch (ArgumentException e)
        {
            throw new ModelImportException("The converted model is not one the runtime runs: " + e.Message, e);
        }

        var writer = new SafeTensorsWriter();
        string prefix = Module + ".";
        CellSpec cell = Spec.Cell;
        for (int index = 0; index < Cells.Count; index++)
        {
            int layer = index / Spec.Directions;
            string suffix = "_l" + layer.ToString(CultureInfo.InvariantCulture) + (index % Spec.Directions == 1 ? "_reverse" : "");
            CellSpec layerCell = Spec.LayerCell(layer);
            CellWeights w = Cells[index];
            int rows = layerCell.GateCount * layerCell.HiddenSize;
            writer.Add(prefix + "weight_ih" + suffix, w.WeightIh, rows, layerCell.InputSize);
            writer.Add(prefix + "weight_hh" + suffix, w.WeightHh, rows, layerCell.OutputSize);
            if (w.BiasIh is not null)
                writer.Add(prefix + "bias_ih" + suffix, w.BiasIh, rows);
            if (w.BiasHh is not null)
                writer.Add(prefix + "bias_hh" + suffix, w.BiasHh, rows);
            if (w.WeightHr is not null)
                writer.Add(prefix + "weight_hr" + suffix, w.WeightHr, layerCell.ProjSize, layerCell.HiddenSize);
            if (w.Peepholes is not null)
                writer.Add(prefix + "weight_ph" + suffix, w.Peepholes, 3 * layerCell.HiddenSize);
            if (w.InitialHidden is not null)
                writer.Add(prefix + "initial_h" + suffix, w.InitialHidden, layerCell.OutputSize);
            if (w.InitialCell is not null)
                writer.Add(prefix + "initial_c" + suffix, w.InitialCell, layerCell.HiddenSize);
        }

        if (Head is not null && Spec.Head is { } headSpec)
        {
            writer.Add(HeadName + ".weight", Head.Weight, headSpec.OutputSize, Spec.Directions * cell.OutputSize);
            if (Head.Bias is not null)
                writer.Add(HeadName + ".bias", Head.Bias, headSpec.OutputSize);
        }

        foreach ((string key, string value) in ModelMetadata.For(Spec, Module, Spec.Head is null ? null : HeadName, BatchFirst))
            writer.Metadata[key] = value;
        foreach ((string key, string value) in Notes)
            writer.Metadata[key] = value;
        CheckReadBack(writer);
        return writer;
    }

    /// <summary>Writes <see cref="ToSafeTensors"/> to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        SafeTensorsWriter writer = ToSafeTensors();
        writer.Save(path);
    }

    /// <summary>The spec with α/β left null where they are the defaults (how the runtime reads a file back).</summary>
    internal static ModelSpec Normalized(ModelSpec spec)
    {
        CellSpec c = spec.Cell;
        static float? Drop(float? value, float? fallback) => value == fallback ? null : value;
        return spec with
        {
            Cell = c with
            {
                GateActivationAlpha = Drop(c.GateActivationAlpha, ActivationParameters.DefaultAlpha(c.GateActivation)),
                GateActivationBeta = Drop(c.GateActivationBeta, ActivationParameters.DefaultBeta(c.GateActivation)),
                CandidateActivationAlpha = Drop(c.CandidateActivationAlpha, ActivationParameters.DefaultAlpha(c.CandidateActivation)),
                CandidateActivationBeta = Drop(c.CandidateActivationBeta, ActivationParameters.DefaultBeta(c.CandidateActivation)),
                CellActivationAlpha = Drop(c.CellActivationAlpha, ActivationParameters.DefaultAlpha(c.CellActivation)),
                CellActivationBeta = Drop(c.CellActivationBeta, ActivationParameters.DefaultBeta(c.CellActivation)),
            },
        };
    }

    /// <summary>The runtime must read back this very spec: a difference is a converter bug, reported rather than shipped.</summary>
    private void CheckReadBack(SafeTensorsWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        ModelSpec read;
        try
        {
            read = RecurrentModel.FromSafeTensors(SafeTensorsFile.Parse(stream.ToArray())).Spec;
        }
        catch (WeightsFormatException e)
        {
            throw new ModelImportException("The converted model does not load: " + e.Message, e);
        }

        if (Normalized(read) != Normalized(Spec))
            throw new ModelImportException($"The converted model reads back as a different model ({read}) than was converted ({Spec}).");
    }
}
