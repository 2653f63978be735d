using System;
using System.Collections.Generic;
using System.Linq;
using Recurrent.Aot.Loading.Rules;
using static System.FormattableString;

namespace Recurrent.Aot.IO;

/// <summary>One tensor of a safetensors file, checked against the data that follows the header.</summary>
/// <param name="Name">The tensor's name in the header.</param>
/// <param name="DType">One of <see cref="SafeTensorsHeader.DTypeNames"/>.</param>
/// <param name="Shape">The tensor's dimensions.</param>
/// <param name="Offset">Bytes from the start of the file (not from the end of the header).</param>
/// <param name="Length">The tensor's size in bytes.</param>
internal sealed record SafeTensorsEntry(string Name, string DType, int[] Shape, long Offset, long Length);

/// <summary>
/// Reads and checks the header of a safetensors file (docs/file-format.md): the 8-byte little-endian header
/// length, the JSON header (every entry's fields and types), and every tensor's offsets against the data and the
/// other tensors. One source, compiled into the runtime (<c>SafeTensorsFile</c>) and into the generator, so both
/// accept the same files and name a problem the same way. Errors are <see cref="RuleFailure.Malformed"/>: the
/// runtime's <c>WeightsFormatException</c>, the generator's RAOT007.
/// </summary>
/// <remarks>
/// The JSON is read by <see cref="SafeTensorsJson"/> rather than System.Text.Json, which a generator cannot load.
/// </remarks>
internal static class SafeTensorsHeader
{
    /// <summary>Headers larger than this are refused before any allocation (the reference reader's limit).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>The header's entry that holds string metadata instead of a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    private const int PrefixLength = 8;

    /// <summary>The largest number of elements one .NET array holds (Array.MaxLength, which netstandard2.0 lacks).</summary>
    private const long MaxArrayLength = 0x7FFFFFC7;

    /// <summary>The dtypes as the header spells them; the runtime's <c>TensorDType</c> has the same order.</summary>
    public static readonly string[] DTypeNames =
        ["F32", "F16", "BF16", "F64", "F8_E4M3", "F8_E5M2", "I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL"];

    /// <summary>Bytes per element of each of <see cref="DTypeNames"/>.</summary>
    public static readonly int[] DTypeSizes = [4, 2, 2, 8, 1, 1, 8, 4, 2, 1, 8, 4, 2, 1, 1];

    /// <summary>Whether a dtype can be read as float32 weights (F32, F16, BF16, F64).</summary>
    public static bool IsFloat(string dtype) => dtype is "F32" or "F16" or "BF16" or "F64";

    /// <summary>Why a tensor that is not floating-point cannot be read as weights.</summary>
    public static string NotFloatMessage(string name, string dtype)
        => $"Tensor '{name}' has dtype {dtype}; only floating-point tensors (F32, F16, BF16, F64) hold weights.";

    /// <summary>Parses and checks a whole file; its tensors come in the order of their data.</summary>
    public static (SafeTensorsEntry[] Tensors, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < PrefixLength)
        {
            throw RuleFailure.Malformed(Invariant($"The file is truncated: {file.Length} bytes, but a safetensors file starts with an 8-byte header length."));
        }

        ulong headerLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderLength)
        {
            throw RuleFailure.Malformed(Invariant($"The header length {headerLength} is absurd (more than {MaxHeaderLength} bytes); this is not a safetensors file."));
        }

        if (headerLength > (ulong)(file.Length - PrefixLength))
        {
            throw RuleFailure.Malformed(Invariant($"The header length {headerLength} is larger than the {file.Length - PrefixLength} bytes that follow it."));
        }

        int dataStart = PrefixLength + (int)headerLength;
        var json = new SafeTensorsJson(file.Slice(PrefixLength, (int)headerLength));
        var (entries, metadata) = ParseRoot(ref json);
        return (Validate(entries, file.Length - dataStart, dataStart), metadata);
    }

    private static (List<(string Name, string DType, int[] Shape, long Begin, long End)>, Dictionary<string, string>) ParseRoot(ref SafeTensorsJson json)
    {
        if (json.AtEnd() || json.Peek() != JsonKind.Object)
        {
            throw RuleFailure.Malformed("The safetensors header must be a JSON object.");
        }

        var entries = new List<(string Name, string DType, int[] Shape, long Begin, long End)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>? metadata = null;
        json.Enter('{');
        bool first = true;
        while (json.NextMember(ref first, out string name))
        {
            if (!names.Add(name))
            {
                throw RuleFailure.Malformed($"The safetensors header names '{name}' twice.");
            }

            if (name == MetadataKey)
            {
                metadata = ParseMetadata(ref json);
            }
            else
            {
                entries.Add(ParseEntry(ref json, name));
            }
        }

        json.ExpectEnd();
        return (entries, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal));
    }

    private static Dictionary<string, string> ParseMetadata(ref SafeTensorsJson json)
    {
        JsonKind kind = json.Peek();
        if (kind != JsonKind.Object)
        {
            throw RuleFailure.Malformed($"'{MetadataKey}' must be an object of strings, found {SafeTensorsJson.Describe(kind)}.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        json.Enter('{');
        bool first = true;
        while (json.NextMember(ref first, out string key))
        {
            JsonKind value = json.Peek();
            if (value != JsonKind.String)
            {
                throw RuleFailure.Malformed($"Metadata '{key}' must be a string, found {SafeTensorsJson.Describe(value)}.");
            }

            if (metadata.ContainsKey(key))
            {
                throw RuleFailure.Malformed($"Metadata key '{key}' appears twice.");
            }

            metadata.Add(key, json.ReadString());
        }

        return metadata;
    }

    private static (string Name, string DType, int[] Shape, long Begin, long End) ParseEntry(ref SafeTensorsJson json, string name)
    {
        JsonKind kind = json.Peek();
        if (kind != JsonKind.Object)
        {
            throw RuleFailure.Malformed($"Tensor '{name}' must be an object with dtype, shape and data_offsets, found {SafeTensorsJson.Describe(kind)}.");
        }

        string? dtype = null;
        int[]? shape = null;
        long[]? offsets = null;
        json.Enter('{');
        bool first = true;
        while (json.NextMember(ref first, out string field))
        {
            switch (field)
            {
                case "dtype":
                    JsonKind value = json.Peek();
                    if (value != JsonKind.String)
                    {
                        throw RuleFailure.Malformed($"Tensor '{name}': dtype must be a string, found {SafeTensorsJson.Describe(value)}.");
                    }

                    dtype = json.ReadString();
                    break;
                case "shape":
                    shape = ParseShape(ref json, name);
                    break;
                case "data_offsets":
                    offsets = ParseOffsets(ref json, name);
                    break;
                default:
                    // Fields a newer writer may add are skipped, as the reference reader does.
                    json.SkipValue();
                    break;
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            string missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw RuleFailure.Malformed($"Tensor '{name}' has no '{missing}'.");
        }

        if (Array.IndexOf(DTypeNames, dtype) < 0)
        {
            throw RuleFailure.Malformed($"Tensor '{name}' has dtype '{dtype}'; expected one of the safetensors dtypes ({string.Join(", ", DTypeNames)}).");
        }

        return (name, dtype, shape, offsets[0], offsets[1]);
    }

    private static int[] ParseShape(ref SafeTensorsJson json, string name)
    {
        JsonKind kind = json.Peek();
        if (kind != JsonKind.Array)
        {
            throw RuleFailure.Malformed($"Tensor '{name}': shape must be an array of integers, found {SafeTensorsJson.Describe(kind)}.");
        }

        var shape = new List<int>();
        json.Enter('[');
        bool first = true;
        while (json.NextElement(ref first))
        {
            if (!json.TryReadInteger(out long dimension, out string found))
            {
                throw RuleFailure.Malformed($"Tensor '{name}': shape entries must be non-negative integers, found {found}.");
            }

            if (dimension < 0 || dimension > int.MaxValue)
            {
                throw RuleFailure.Malformed(Invariant($"Tensor '{name}': shape entry {dimension} is out of range; expected 0 to {int.MaxValue}."));
            }

            shape.Add((int)dimension);
        }

        return shape.ToArray();
    }

    private static long[] ParseOffsets(ref SafeTensorsJson json, string name)
    {
        JsonKind kind = json.Peek();
        if (kind != JsonKind.Array)
        {
            throw RuleFailure.Malformed($"Tensor '{name}': data_offsets must be an array [begin, end], found {SafeTensorsJson.Describe(kind)}.");
        }

        var offsets = new List<long>(2);
        json.Enter('[');
        bool first = true;
        while (json.NextElement(ref first))
        {
            if (!json.TryReadInteger(out long offset, out string found) || offset < 0)
            {
                throw RuleFailure.Malformed($"Tensor '{name}': data_offsets entries must be non-negative integers, found {found}.");
            }

            offsets.Add(offset);
        }

        if (offsets.Count != 2)
        {
            throw RuleFailure.Malformed(Invariant($"Tensor '{name}': data_offsets must hold exactly 2 numbers [begin, end], found {offsets.Count}."));
        }

        return offsets.ToArray();
    }

    private static SafeTensorsEntry[] Validate(List<(string Name, string DType, int[] Shape, long Begin, long End)> entries, long dataLength, int dataStart)
    {
        var tensors = new SafeTensorsEntry[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            var (name, dtype, shape, begin, end) = entries[i];
            if (end < begin)
            {
                throw RuleFailure.Malformed(Invariant($"Tensor '{name}': data_offsets [{begin}, {end}] are out of range (end before begin)."));
            }

            long elements;
            try
            {
                elements = Shapes.ElementCount(shape);
            }
            catch (OverflowException)
            {
                throw RuleFailure.Malformed($"Tensor '{name}': shape {Shapes.Format(shape)} has too many elements.");
            }

            if (elements > MaxArrayLength)
            {
                throw RuleFailure.Malformed(Invariant($"Tensor '{name}': shape {Shapes.Format(shape)} has {elements} elements, more than one array can hold."));
            }

            long expected = elements * DTypeSizes[Array.IndexOf(DTypeNames, dtype)];
            if (end - begin != expected)
            {
                throw RuleFailure.Malformed(Invariant($"Tensor '{name}': data_offsets [{begin}, {end}] span {end - begin} bytes, but shape {Shapes.Format(shape)} of {dtype} needs {expected}."));
            }

            if (end > dataLength)
            {
                throw RuleFailure.Malformed(Invariant($"The file is truncated: tensor '{name}' ends at data byte {end}, but only {dataLength} data bytes follow the header."));
            }

            tensors[i] = new SafeTensorsEntry(name, dtype, shape, dataStart + begin, end - begin);
        }

        // File order is data order; a stable sort keeps header order for empty tensors sharing an offset.
        SafeTensorsEntry[] ordered = tensors.OrderBy(t => t.Offset).ThenBy(t => t.Length).ToArray();
        for (int i = 1; i < ordered.Length; i++)
        {
            SafeTensorsEntry previous = ordered[i - 1];
            if (ordered[i].Offset < previous.Offset + previous.Length)
            {
                throw RuleFailure.Malformed($"Tensors '{previous.Name}' and '{ordered[i].Name}' overlap: their data_offsets share bytes.");
            }
        }

        return ordered;
    }
}
