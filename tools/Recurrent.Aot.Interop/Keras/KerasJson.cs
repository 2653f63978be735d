using System.Globalization;
using System.Text.Json;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>Typed reads from a Keras layer config with errors that name the layer and the field.</summary>
internal static class KerasJson
{
    public static JsonElement? Property(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? Text(JsonElement element, string name)
        => Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static JsonElement RequiredObject(JsonElement element, string name, string where)
        => Property(element, name) is { ValueKind: JsonValueKind.Object } value
            ? value
            : throw new ModelImportException($"{where}: the config has no '{name}' object.");

    public static JsonElement RequiredArray(JsonElement element, string name, string where)
        => Property(element, name) is { ValueKind: JsonValueKind.Array } value
            ? value
            : throw new ModelImportException($"{where}: the config has no '{name}' list.");

    public static int PositiveInt(JsonElement config, string name, string where)
    {
        if (Property(config, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out int number) && number > 0)
        {
            return number;
        }
        throw new ModelImportException($"{where}: '{name}' must be a positive integer, got {Describe(config, name)}.");
    }

    public static bool Bool(JsonElement config, string name, bool fallback, string where)
    {
        return Property(config, name) switch
        {
            null => fallback,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw new ModelImportException($"{where}: '{name}' must be true or false, got {Describe(config, name)}."),
        };
    }

    public static bool? OptionalBool(JsonElement config, string name, string where)
        => Property(config, name) is null ? null : Bool(config, name, false, where);

    /// <summary>
    /// An activation as Keras serializes it: a name (<c>"tanh"</c>), or an object whose <c>config</c> or
    /// <c>class_name</c> is the name (Keras 3 may wrap built-in functions that way). Lower-cased; null when absent.
    /// </summary>
    public static string? Activation(JsonElement config, string name, string where)
    {
        JsonElement? value = Property(config, name);
        if (value is null)
        {
            return null;
        }
        JsonElement v = value.Value;
        string? text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object => Text(v, "config") ?? (Text(v, "class_name") is { } cls && cls != "function" ? cls : null),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text)
            ? throw new ModelImportException($"{where}: '{name}' is not an activation name: {Truncate(v.GetRawText())}.")
            : text.Trim().ToLowerInvariant();
    }

    public static double? Number(JsonElement config, string name)
        => Property(config, name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    private static string Describe(JsonElement config, string name)
        => Property(config, name) is { } value ? Truncate(value.GetRawText()) : "nothing";

    public static string Truncate(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");

    public static string Invariant(float value) => value.ToString(CultureInfo.InvariantCulture);
}
