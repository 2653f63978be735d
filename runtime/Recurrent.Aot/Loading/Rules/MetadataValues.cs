using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Loading.Rules;

/// <summary>
/// Reads <c>recurrent.*</c> metadata values (<see cref="RecurrentMetadataKeys"/>) as tokens: trimmed, lower-cased and
/// checked against the accepted values. A bad value, or a <c>recurrent.*</c> key this format does not define (a
/// misspelt key would otherwise be ignored and the model run with a default), is an error naming the key.
/// </summary>
internal sealed class MetadataValues
{
    private static readonly string[] Keys =
    [
        RecurrentMetadataKeys.Cell, RecurrentMetadataKeys.Nonlinearity, RecurrentMetadataKeys.GruReset,
        RecurrentMetadataKeys.GateActivation, RecurrentMetadataKeys.CandidateActivation, RecurrentMetadataKeys.CellActivation,
        RecurrentMetadataKeys.Clip, RecurrentMetadataKeys.InputForget, RecurrentMetadataKeys.Module,
        RecurrentMetadataKeys.Head, RecurrentMetadataKeys.HeadActivation, RecurrentMetadataKeys.BatchFirst,
        RecurrentMetadataKeys.GateActivationAlpha, RecurrentMetadataKeys.GateActivationBeta,
        RecurrentMetadataKeys.CandidateActivationAlpha, RecurrentMetadataKeys.CandidateActivationBeta,
        RecurrentMetadataKeys.CellActivationAlpha, RecurrentMetadataKeys.CellActivationBeta,
        RecurrentMetadataKeys.Direction, RecurrentMetadataKeys.WeightPrecision,
    ];

    private static readonly string[] ListSeparator = [", "];

    private readonly IReadOnlyDictionary<string, string> _metadata;

    public MetadataValues(IReadOnlyDictionary<string, string> metadata)
    {
        _metadata = metadata;
        foreach (string key in metadata.Keys)
        {
            if (key.StartsWith("recurrent.", StringComparison.Ordinal) && Array.IndexOf(Keys, key) < 0)
            {
                throw RuleFailure.Malformed($"Metadata key {key} is not a recurrent.* key of this format: expected one of {string.Join(", ", Keys)}.");
            }
        }
    }

    /// <summary>A free-form value (a module or head prefix), trimmed with its case kept; null when absent.</summary>
    public string? Text(string key) => _metadata.TryGetValue(key, out string? value) ? value.Trim() : null;

    /// <summary>An enumerated value as its lower-case token; null when absent.</summary>
    public string? Token(string key, string accepted)
    {
        if (Text(key) is not { } raw)
        {
            return null;
        }
        string token = raw.ToLowerInvariant();
        if (!Split(accepted).Contains(token))
        {
            throw RuleFailure.Malformed($"Metadata {key} = '{raw}' is not valid: expected {accepted}.");
        }
        return token;
    }

    public bool? Boolean(string key) => Token(key, RecurrentMetadataKeys.Accepted.Booleans) is { } token ? token == "true" : null;

    public float? PositiveNumber(string key)
    {
        if (Text(key) is not { } raw)
        {
            return null;
        }
        if (float.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && value > 0 && !float.IsInfinity(value))
        {
            return value;
        }
        throw RuleFailure.Malformed($"Metadata {key} = '{raw}' is not valid: expected a positive number.");
    }

    /// <summary>A finite number (any sign), invariant culture; null when absent.</summary>
    public float? Number(string key)
    {
        if (Text(key) is not { } raw)
        {
            return null;
        }
        if (float.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && !float.IsNaN(value) && !float.IsInfinity(value))
        {
            return value;
        }
        throw RuleFailure.Malformed($"Metadata {key} = '{raw}' is not valid: expected a finite number (invariant culture, e.g. 0.2).");
    }

    /// <summary>The tokens of an <see cref="RecurrentMetadataKeys.Accepted"/> list ("a, b, c").</summary>
    public static string[] Split(string accepted) => accepted.Split(ListSeparator, StringSplitOptions.None);

    /// <summary>Checks a token given by a caller (not the file) against the accepted values.</summary>
    public static string Check(string token, string what, string accepted, string source)
    {
        if (!Split(accepted).Contains(token))
        {
            throw RuleFailure.Mismatch($"{source} gives {what} '{token}': expected {accepted}.");
        }
        return token;
    }
}
