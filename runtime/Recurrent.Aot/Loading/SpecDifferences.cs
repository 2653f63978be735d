using System.Globalization;

namespace Recurrent.Aot.Loading;

/// <summary>Names every way a file's model differs from a declared one ("layers: declared 1, file 2").</summary>
internal static class SpecDifferences
{
    public static List<string> Between(ModelSpec declared, ModelSpec file)
    {
        var differences = new List<string>();
        void Compare<T>(string what, T mine, T theirs)
        {
            if (!EqualityComparer<T>.Default.Equals(mine, theirs))
                differences.Add($"{what}: declared {Text(mine)}, file {Text(theirs)}");
        }

        CellSpec d = declared.Cell;
        CellSpec f = file.Cell;
        Compare("cell", d.Kind, f.Kind);
        Compare("input size", d.InputSize, f.InputSize);
        Compare("hidden size", d.HiddenSize, f.HiddenSize);
        Compare("projection size", d.ProjSize, f.ProjSize);
        Compare("layers", declared.Layers, file.Layers);
        Compare("bidirectional", declared.Bidirectional, file.Bidirectional);
        Compare("reverse (recurrent.direction)", declared.Reverse, file.Reverse);
        Compare("biases", d.HasBias, f.HasBias);
        Compare("peepholes", d.Peepholes, f.Peepholes);
        if (d.Kind == f.Kind)
        {
            // Options that do not apply to the cell kind are not part of the model.
            if (d.Kind != CellKind.Rnn)
            {
                Compare("gate activation (recurrent.gate_activation)", d.GateActivation, f.GateActivation);
                if (d.GateActivation == f.GateActivation)
                    Compare("gate activation α, β", d.GateParameters, f.GateParameters);
            }

            Compare(d.Kind == CellKind.Rnn ? "nonlinearity (recurrent.nonlinearity)" : "candidate activation (recurrent.candidate_activation)", d.CandidateActivation, f.CandidateActivation);
            if (d.CandidateActivation == f.CandidateActivation)
                Compare("candidate activation α, β", d.CandidateParameters, f.CandidateParameters);
            if (d.Kind == CellKind.Lstm)
            {
                Compare("cell activation (recurrent.cell_activation)", d.CellActivation, f.CellActivation);
                if (d.CellActivation == f.CellActivation)
                    Compare("cell activation α, β", d.CellParameters, f.CellParameters);
            }
            if (d.Kind == CellKind.Gru)
                Compare("GRU reset (recurrent.gru_reset)", d.GruReset, f.GruReset);
            if (d.Kind == CellKind.Lstm)
                Compare("input_forget (recurrent.input_forget)", d.InputForget, f.InputForget);
        }

        Compare("clip (recurrent.clip)", d.Clip, f.Clip);
        Compare("head outputs", declared.Head?.OutputSize ?? 0, file.Head?.OutputSize ?? 0);
        if (declared.Head is { } dh && file.Head is { } fh)
        {
            Compare("head bias", dh.HasBias, fh.HasBias);
            Compare("head activation (recurrent.head_activation)", dh.Activation, fh.Activation);
        }

        return differences;
    }

    private static string Text<T>(T value) => value switch
    {
        null => "none",
        bool b => b ? "yes" : "no",
        float f => f.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
