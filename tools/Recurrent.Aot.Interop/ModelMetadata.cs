using System.Globalization;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop;

/// <summary>
/// The <c>recurrent.*</c> metadata that says what tensor names cannot (docs/file-format.md), written in full (every
/// activation, even at its default) so an imported file documents itself.
/// </summary>
public static class ModelMetadata
{
    /// <summary>The metadata entries of <paramref name="spec"/> with its module and head prefixes.</summary>
    public static IEnumerable<KeyValuePair<string, string>> For(ModelSpec spec, string module, string? head, bool batchFirst)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CellSpec cell = spec.Cell;
        yield return Entry(RecurrentMetadataKeys.Cell, cell.Kind switch { CellKind.Lstm => "lstm", CellKind.Gru => "gru", _ => "rnn" });
        yield return Entry(RecurrentMetadataKeys.Module, module);
        if (cell.Kind != CellKind.Rnn)
        {
            foreach (var entry in Activation(RecurrentMetadataKeys.GateActivation, cell.GateActivation, cell.GateParameters))
                yield return entry;
        }

        foreach (var entry in Activation(RecurrentMetadataKeys.CandidateActivation, cell.CandidateActivation, cell.CandidateParameters))
            yield return entry;
        if (cell.Kind == CellKind.Lstm)
        {
            foreach (var entry in Activation(RecurrentMetadataKeys.CellActivation, cell.CellActivation, cell.CellParameters))
                yield return entry;
            if (cell.InputForget)
                yield return Entry(RecurrentMetadataKeys.InputForget, "true");
        }

        if (cell.Kind == CellKind.Gru)
            yield return Entry(RecurrentMetadataKeys.GruReset, cell.GruReset == GruResetMode.BeforeMatmul ? "before" : "after");
        if (cell.Clip is float clip)
            yield return Entry(RecurrentMetadataKeys.Clip, Number(clip));
        if (spec.Reverse)
            yield return Entry(RecurrentMetadataKeys.Direction, "reverse");
        if (spec.Head is { } headSpec && head is not null)
        {
            yield return Entry(RecurrentMetadataKeys.Head, head);
            yield return Entry(RecurrentMetadataKeys.HeadActivation, headSpec.Activation switch { HeadActivation.Sigmoid => "sigmoid", HeadActivation.Softmax => "softmax", _ => "none" });
        }

        yield return Entry(RecurrentMetadataKeys.BatchFirst, batchFirst ? "true" : "false");
    }

    /// <summary>The metadata token of an activation (<c>hard_sigmoid</c>, <c>leaky_relu</c>, ...).</summary>
    public static string Token(Activation activation) => activation switch
    {
        Aot.Activation.Sigmoid => "sigmoid",
        Aot.Activation.HardSigmoid => "hard_sigmoid",
        Aot.Activation.Tanh => "tanh",
        Aot.Activation.Relu => "relu",
        Aot.Activation.Affine => "affine",
        Aot.Activation.LeakyRelu => "leaky_relu",
        Aot.Activation.ThresholdedRelu => "thresholded_relu",
        Aot.Activation.ScaledTanh => "scaled_tanh",
        Aot.Activation.Elu => "elu",
        Aot.Activation.Softsign => "softsign",
        Aot.Activation.Softplus => "softplus",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected a defined Activation."),
    };

    /// <summary>A float as the metadata writes it: invariant culture, round-trippable.</summary>
    public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static IEnumerable<KeyValuePair<string, string>> Activation(string key, Activation activation, ActivationParameters parameters)
    {
        yield return Entry(key, Token(activation));
        if (ActivationParameters.TakesAlpha(activation))
            yield return Entry(key + "_alpha", Number(parameters.Alpha));
        if (ActivationParameters.TakesBeta(activation))
            yield return Entry(key + "_beta", Number(parameters.Beta));
    }

    private static KeyValuePair<string, string> Entry(string key, string value) => new(key, value);
}
