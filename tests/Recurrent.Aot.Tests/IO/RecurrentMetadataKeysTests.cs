using System.Reflection;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.IO;

/// <summary>The metadata keys are the file format (docs/file-format.md): renaming one would orphan every exported file.</summary>
public class RecurrentMetadataKeysTests
{
    private static readonly Dictionary<string, string> Documented = new()
    {
        [nameof(RecurrentMetadataKeys.Cell)] = "recurrent.cell",
        [nameof(RecurrentMetadataKeys.Nonlinearity)] = "recurrent.nonlinearity",
        [nameof(RecurrentMetadataKeys.GruReset)] = "recurrent.gru_reset",
        [nameof(RecurrentMetadataKeys.GateActivation)] = "recurrent.gate_activation",
        [nameof(RecurrentMetadataKeys.CandidateActivation)] = "recurrent.candidate_activation",
        [nameof(RecurrentMetadataKeys.CellActivation)] = "recurrent.cell_activation",
        [nameof(RecurrentMetadataKeys.Clip)] = "recurrent.clip",
        [nameof(RecurrentMetadataKeys.InputForget)] = "recurrent.input_forget",
        [nameof(RecurrentMetadataKeys.Module)] = "recurrent.module",
        [nameof(RecurrentMetadataKeys.Head)] = "recurrent.head",
        [nameof(RecurrentMetadataKeys.HeadActivation)] = "recurrent.head_activation",
        [nameof(RecurrentMetadataKeys.BatchFirst)] = "recurrent.batch_first",
        [nameof(RecurrentMetadataKeys.GateActivationAlpha)] = "recurrent.gate_activation_alpha",
        [nameof(RecurrentMetadataKeys.GateActivationBeta)] = "recurrent.gate_activation_beta",
        [nameof(RecurrentMetadataKeys.CandidateActivationAlpha)] = "recurrent.candidate_activation_alpha",
        [nameof(RecurrentMetadataKeys.CandidateActivationBeta)] = "recurrent.candidate_activation_beta",
        [nameof(RecurrentMetadataKeys.CellActivationAlpha)] = "recurrent.cell_activation_alpha",
        [nameof(RecurrentMetadataKeys.CellActivationBeta)] = "recurrent.cell_activation_beta",
        [nameof(RecurrentMetadataKeys.Direction)] = "recurrent.direction",
        [nameof(RecurrentMetadataKeys.WeightPrecision)] = "recurrent.weight_precision",
    };

    [Fact]
    public void Every_key_is_spelled_as_the_file_format_documents_it()
    {
        // Reflection rather than one assert per constant, so a key added without being pinned here fails too.
        Dictionary<string, string> declared = typeof(RecurrentMetadataKeys)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

        Assert.Equal(Documented.OrderBy(p => p.Key), declared.OrderBy(p => p.Key));
    }
}
