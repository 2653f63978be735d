using System.Collections.Generic;
using Recurrent.Aot.Generator.Diagnostics;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>Checks a complete architecture for sizes and combinations the generator can emit.</summary>
internal static class SpecValidator
{
    public static IEnumerable<DiagnosticInfo> Validate(ModelSpec spec, LocationInfo? location)
    {
        const int max = DeclarationParser.MaxSize;
        string range = "between 1 and " + DeclarationParser.Text(max);
        if (spec.InputSize < 1 || spec.InputSize > max)
        {
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, location, "InputSize", range, DeclarationParser.Text(spec.InputSize));
        }
        if (spec.HiddenSize < 1 || spec.HiddenSize > max)
        {
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, location, "HiddenSize", range, DeclarationParser.Text(spec.HiddenSize));
        }
        if (spec.Layers < 1 || spec.Layers > DeclarationParser.MaxLayers)
        {
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, location, "Layers", "between 1 and " + DeclarationParser.Text(DeclarationParser.MaxLayers), DeclarationParser.Text(spec.Layers));
        }
        if (spec.HeadSize < 0 || spec.HeadSize > max)
        {
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, location, "HeadSize", "between 0 (no head) and " + DeclarationParser.Text(max), DeclarationParser.Text(spec.HeadSize));
        }
        if (spec.ProjSize != 0)
        {
            if (spec.Kind != CellKind.Lstm)
            {
                yield return DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, location, "ProjSize on a " + spec.Kind.ToString().ToUpperInvariant(), "PyTorch's proj_size exists for LSTM only");
            }
            else if (spec.ProjSize < 0 || spec.ProjSize >= spec.HiddenSize)
            {
                yield return DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, location, "ProjSize", "between 0 (none) and HiddenSize - 1 (" + DeclarationParser.Text(spec.HiddenSize - 1) + ")", DeclarationParser.Text(spec.ProjSize));
            }
        }
        if (spec.Kind != CellKind.Lstm && spec.CellActivation != Activation.Tanh)
        {
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, location, "CellActivation on a " + spec.Kind.ToString().ToUpperInvariant(), "only an LSTM has a cell state");
        }
        if (spec.Kind != CellKind.Gru && spec.GruReset == GruResetMode.BeforeMatmul)
        {
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, location, "Reset on a " + spec.Kind.ToString().ToUpperInvariant(), "the reset convention applies to GRU only");
        }
    }
}
