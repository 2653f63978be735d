using System.Text.Json;

namespace Recurrent.Aot.IO;

/// <summary>
/// Reads the JSON header of a safetensors file with <see cref="Utf8JsonReader"/> (no reflection, so it
/// is trim- and AOT-safe) and checks every entry's fields and types; cross-tensor checks live in
/// <see cref="SafeTensorsFile"/>.
/// </summary>
internal static class SafeTensorsHeaderParser
{
    public const string MetadataKey = "__metadata__";

    /// <summary>A header entry before its offsets are checked against the data and each other.</summary>
    public readonly record struct Entry(string Name, TensorDType DType, int[] Shape, long Begin, long End);

    public static (List<Entry> Entries, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            return ParseRoot(ref reader);
        }
        catch (JsonException e)
        {
            throw new WeightsFormatException($"The safetensors header is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports invalid UTF-8 inside strings this way.
            throw new WeightsFormatException($"The safetensors header is not valid UTF-8 JSON: {e.Message}", e);
        }
    }

    private static (List<Entry>, Dictionary<string, string>) ParseRoot(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new WeightsFormatException("The safetensors header must be a JSON object.");
        }

        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>? metadata = null;
        while (ReadToken(ref reader) != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            if (!names.Add(name))
            {
                throw new WeightsFormatException($"The safetensors header names '{name}' twice.");
            }

            ReadToken(ref reader);
            if (name == MetadataKey)
            {
                metadata = ParseMetadata(ref reader);
            }
            else
            {
                entries.Add(ParseEntry(ref reader, name));
            }
        }

        if (reader.Read())
        {
            throw new WeightsFormatException("The safetensors header has content after its closing brace.");
        }

        return (entries, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal));
    }

    private static Dictionary<string, string> ParseMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new WeightsFormatException($"'{MetadataKey}' must be an object of strings, found {Describe(reader.TokenType)}.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (ReadToken(ref reader) != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            if (ReadToken(ref reader) != JsonTokenType.String)
            {
                throw new WeightsFormatException($"Metadata '{key}' must be a string, found {Describe(reader.TokenType)}.");
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw new WeightsFormatException($"Metadata key '{key}' appears twice.");
            }
        }

        return metadata;
    }

    private static Entry ParseEntry(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new WeightsFormatException($"Tensor '{name}' must be an object with dtype, shape and data_offsets, found {Describe(reader.TokenType)}.");
        }

        string? dtypeName = null;
        int[]? shape = null;
        long[]? offsets = null;
        while (ReadToken(ref reader) != JsonTokenType.EndObject)
        {
            string field = reader.GetString()!;
            ReadToken(ref reader);
            switch (field)
            {
                case "dtype":
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new WeightsFormatException($"Tensor '{name}': dtype must be a string, found {Describe(reader.TokenType)}.");
                    }

                    dtypeName = reader.GetString()!;
                    break;
                case "shape":
                    shape = ParseShape(ref reader, name);
                    break;
                case "data_offsets":
                    offsets = ParseOffsets(ref reader, name);
                    break;
                default:
                    // Fields a newer writer may add are skipped, as the reference reader does.
                    reader.Skip();
                    break;
            }
        }

        if (dtypeName is null || shape is null || offsets is null)
        {
            string missing = dtypeName is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw new WeightsFormatException($"Tensor '{name}' has no '{missing}'.");
        }

        if (!TensorDTypes.TryParse(dtypeName, out TensorDType dtype))
        {
            throw new WeightsFormatException($"Tensor '{name}' has dtype '{dtypeName}'; expected one of the safetensors dtypes ({TensorDTypes.AllNames}).");
        }

        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static int[] ParseShape(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new WeightsFormatException($"Tensor '{name}': shape must be an array of integers, found {Describe(reader.TokenType)}.");
        }

        var shape = new List<int>();
        while (ReadToken(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long dimension))
            {
                throw new WeightsFormatException($"Tensor '{name}': shape entries must be non-negative integers, found {DescribeValue(ref reader)}.");
            }

            if (dimension < 0 || dimension > int.MaxValue)
            {
                throw new WeightsFormatException($"Tensor '{name}': shape entry {dimension} is out of range; expected 0 to {int.MaxValue}.");
            }

            shape.Add((int)dimension);
        }

        return shape.ToArray();
    }

    private static long[] ParseOffsets(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new WeightsFormatException($"Tensor '{name}': data_offsets must be an array [begin, end], found {Describe(reader.TokenType)}.");
        }

        var offsets = new List<long>(2);
        while (ReadToken(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long offset) || offset < 0)
            {
                throw new WeightsFormatException($"Tensor '{name}': data_offsets entries must be non-negative integers, found {DescribeValue(ref reader)}.");
            }

            offsets.Add(offset);
        }

        if (offsets.Count != 2)
        {
            throw new WeightsFormatException($"Tensor '{name}': data_offsets must hold exactly 2 numbers [begin, end], found {offsets.Count}.");
        }

        return offsets.ToArray();
    }

    private static JsonTokenType ReadToken(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new WeightsFormatException("The safetensors header ends in the middle of its JSON.");
        }

        return reader.TokenType;
    }

    private static string DescribeValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => "the number " + System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        _ => Describe(reader.TokenType),
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
