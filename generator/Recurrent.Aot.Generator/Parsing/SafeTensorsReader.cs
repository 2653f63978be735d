using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>One tensor entry of a safetensors header.</summary>
internal sealed class TensorEntry
{
    public TensorEntry(string name, string dtype, int[] shape, int begin, int end)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Begin = begin;
        End = end;
    }

    public string Name { get; }

    public string DType { get; }

    public int[] Shape { get; }

    /// <summary>Byte offset of the data from the start of the file.</summary>
    public int Begin { get; }

    public int End { get; }

    public int ElementCount
    {
        get
        {
            int count = 1;
            foreach (int d in Shape)
            {
                count *= d;
            }
            return count;
        }
    }

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// Reads a safetensors file at compile time (docs/file-format.md): 8-byte little-endian header length,
/// JSON header, raw little-endian data. F32, F16 and BF16 are read as float32.
/// </summary>
internal sealed class SafeTensorsReader
{
    private readonly byte[] _bytes;
    private readonly Dictionary<string, TensorEntry> _byName;

    private SafeTensorsReader(byte[] bytes, List<TensorEntry> tensors, Dictionary<string, string> metadata)
    {
        _bytes = bytes;
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            _byName[t.Name] = t;
        }
    }

    /// <summary>Tensors in header order.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <exception cref="FormatException">The bytes are not a well-formed safetensors file.</exception>
    public static SafeTensorsReader Parse(byte[] bytes)
    {
        if (bytes.Length < 8)
        {
            throw new FormatException("the file is " + bytes.Length.ToString(CultureInfo.InvariantCulture) + " bytes long, shorter than the 8-byte header length");
        }
        ulong headerLength = BitConverter.ToUInt64(bytes, 0);
        if (!BitConverter.IsLittleEndian)
        {
            throw new FormatException("reading safetensors needs a little-endian compiler host");
        }
        if (headerLength < 2 || headerLength > (ulong)(bytes.Length - 8))
        {
            throw new FormatException("the header length " + headerLength.ToString(CultureInfo.InvariantCulture) + " does not fit in a file of " + bytes.Length.ToString(CultureInfo.InvariantCulture) + " bytes");
        }
        int dataStart = 8 + (int)headerLength;
        string json;
        try
        {
            json = new UTF8Encoding(false, true).GetString(bytes, 8, (int)headerLength);
        }
        catch (ArgumentException)
        {
            throw new FormatException("the header is not valid UTF-8");
        }
        if (JsonReader.Parse(json) is not JsonObject root)
        {
            throw new FormatException("the JSON header is not an object");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<TensorEntry>();
        foreach (string name in root.OrderedKeys)
        {
            object? value = root[name];
            if (name == "__metadata__")
            {
                if (value is not JsonObject meta)
                {
                    throw new FormatException("__metadata__ must be an object of strings");
                }
                foreach (string key in meta.OrderedKeys)
                {
                    metadata[key] = meta[key] as string ?? throw new FormatException("__metadata__ entry \"" + key + "\" must be a string");
                }
                continue;
            }
            tensors.Add(ReadEntry(name, value, dataStart, bytes.Length));
        }
        return new SafeTensorsReader(bytes, tensors, metadata);
    }

    public bool TryGet(string name, out TensorEntry tensor) => _byName.TryGetValue(name, out tensor!);

    /// <summary>Reads a tensor as float32, converting F16 and BF16.</summary>
    public float[] ReadFloat32(TensorEntry tensor)
    {
        int count = tensor.ElementCount;
        var result = new float[count];
        switch (tensor.DType)
        {
            case "F32":
                Buffer.BlockCopy(_bytes, tensor.Begin, result, 0, count * 4);
                break;
            case "F16":
                for (int i = 0; i < count; i++)
                {
                    result[i] = HalfToSingle(BitConverter.ToUInt16(_bytes, tensor.Begin + (2 * i)));
                }
                break;
            default: // BF16: the top 16 bits of a float32, written straight into the result's bits.
                var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(result.AsSpan());
                for (int i = 0; i < count; i++)
                {
                    bits[i] = BitConverter.ToUInt16(_bytes, tensor.Begin + (2 * i)) << 16;
                }
                break;
        }
        return result;
    }

    private static TensorEntry ReadEntry(string name, object? value, int dataStart, int fileLength)
    {
        if (value is not JsonObject entry)
        {
            throw new FormatException("tensor \"" + name + "\" must be an object with dtype, shape and data_offsets");
        }
        if (!entry.TryGetValue("dtype", out object? dtypeValue) || dtypeValue is not string dtype)
        {
            throw new FormatException("tensor \"" + name + "\" has no dtype");
        }
        int elementSize = dtype switch
        {
            "F32" => 4,
            "F16" => 2,
            "BF16" => 2,
            _ => throw new FormatException("tensor \"" + name + "\" has dtype " + dtype + "; expected F32, F16 or BF16"),
        };
        int[] shape = ReadInts(entry, "shape", name);
        int[] offsets = ReadInts(entry, "data_offsets", name);
        if (offsets.Length != 2)
        {
            throw new FormatException("tensor \"" + name + "\" must have data_offsets [begin, end]");
        }
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > int.MaxValue / 4)
            {
                throw new FormatException("tensor \"" + name + "\" is too large");
            }
        }
        long begin = (long)dataStart + offsets[0];
        long end = (long)dataStart + offsets[1];
        if (offsets[1] < offsets[0] || end > fileLength)
        {
            throw new FormatException("tensor \"" + name + "\" has data_offsets [" + offsets[0].ToString(CultureInfo.InvariantCulture) + ", " + offsets[1].ToString(CultureInfo.InvariantCulture) + "] outside the data section");
        }
        if (end - begin != count * elementSize)
        {
            throw new FormatException("tensor \"" + name + "\" has " + (end - begin).ToString(CultureInfo.InvariantCulture) + " bytes of data; shape " + "[" + string.Join(", ", shape) + "] of " + dtype + " needs " + (count * elementSize).ToString(CultureInfo.InvariantCulture));
        }
        return new TensorEntry(name, dtype, shape, (int)begin, (int)end);
    }

    private static int[] ReadInts(JsonObject entry, string key, string tensor)
    {
        if (!entry.TryGetValue(key, out object? value) || value is not List<object?> list)
        {
            throw new FormatException("tensor \"" + tensor + "\" has no " + key + " array");
        }
        var result = new int[list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is not double d || d < 0 || d > int.MaxValue || d != Math.Floor(d))
            {
                throw new FormatException("tensor \"" + tensor + "\" has a " + key + " entry that is not a non-negative integer");
            }
            result[i] = (int)d;
        }
        return result;
    }

    private static float HalfToSingle(ushort h)
    {
        int sign = (h >> 15) & 1;
        int exponent = (h >> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        float magnitude;
        if (exponent == 0)
        {
            magnitude = mantissa * (1f / 16777216f); // subnormal: m · 2^-24
        }
        else if (exponent == 31)
        {
            magnitude = mantissa == 0 ? float.PositiveInfinity : float.NaN;
        }
        else
        {
            magnitude = (1f + (mantissa / 1024f)) * (float)Math.Pow(2, exponent - 15);
        }
        return sign == 1 ? -magnitude : magnitude;
    }
}
