using System.Globalization;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Loading;

/// <summary>
/// Reads the values of the <c>recurrent.*</c> metadata keys (<see cref="RecurrentMetadataKeys"/>, docs/file-format.md);
/// a bad value names the key and the accepted values.
/// </summary>
internal sealed class MetadataReader(IReadOnlyDictionary<string, string> metadata)
{
    public string? String(string key) => metadata.TryGetValue(key, out string? value) ? value.Trim() : null;

    public CellKind? CellKind(string key) => Parse(key, RecurrentMetadataKeys.Accepted.Cells, v => v switch
    {
        "lstm" => Aot.CellKind.Lstm,
        "gru" => Aot.CellKind.Gru,
        "rnn" => Aot.CellKind.Rnn,
        _ => (CellKind?)null,
    });

    public Activation? Activation(string key) => Parse(key, RecurrentMetadataKeys.Accepted.Activations, ParseActivation);

    public Activation? RnnNonlinearity(string key) => Parse(key, RecurrentMetadataKeys.Accepted.Nonlinearities, v => v switch
    {
        "tanh" => Aot.Activation.Tanh,
        "relu" => Aot.Activation.Relu,
        _ => (Activation?)null,
    });

    public GruResetMode? Reset(string key) => Parse(key, RecurrentMetadataKeys.Accepted.GruResets, v => v switch
    {
        "after" => GruResetMode.AfterMatmul,
        "before" => GruResetMode.BeforeMatmul,
        _ => (GruResetMode?)null,
    });

    public HeadActivation? HeadActivationValue(string key) => Parse(key, RecurrentMetadataKeys.Accepted.HeadActivations, v => v switch
    {
        "none" => Aot.HeadActivation.None,
        "sigmoid" => Aot.HeadActivation.Sigmoid,
        "softmax" => Aot.HeadActivation.Softmax,
        _ => (HeadActivation?)null,
    });

    public bool? Boolean(string key) => Parse(key, RecurrentMetadataKeys.Accepted.Booleans, v => v switch
    {
        "true" => true,
        "false" => false,
        _ => (bool?)null,
    });

    public float? PositiveNumber(string key) => Parse(key, "a positive number", v =>
        float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) && f > 0 && float.IsFinite(f) ? f : (float?)null);

    public static Activation? ParseActivation(string value) => value switch
    {
        "sigmoid" => Aot.Activation.Sigmoid,
        "hard_sigmoid" => Aot.Activation.HardSigmoid,
        "tanh" => Aot.Activation.Tanh,
        "relu" => Aot.Activation.Relu,
        _ => null,
    };

    private T? Parse<T>(string key, string expected, Func<string, T?> parse)
        where T : struct
    {
        if (String(key) is not string raw)
            return null;
        return parse(raw.ToLowerInvariant())
            ?? throw new WeightsFormatException($"Metadata {key} = '{raw}' is not valid: expected {expected}.");
    }
}
