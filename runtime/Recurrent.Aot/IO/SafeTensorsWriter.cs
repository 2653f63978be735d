using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Recurrent.Aot.IO;

/// <summary>
/// Collects tensors (float32, bfloat16, int8, or any dtype as raw bytes) and metadata and writes a safetensors file. Output is deterministic:
/// tensors sorted by name (as the reference writer orders tensors of one dtype), metadata keys sorted,
/// and the header padded with spaces to a multiple of 8 bytes so the data is aligned.
/// </summary>
public sealed class SafeTensorsWriter
{
    private readonly SortedDictionary<string, (TensorDType DType, byte[] Data, int[] Shape)> tensors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> metadata = new(StringComparer.Ordinal);

    /// <summary>Metadata written as <c>__metadata__</c> (omitted when empty).</summary>
    public IDictionary<string, string> Metadata => metadata;

    /// <summary>Adds a float32 tensor (the data is copied); a scalar has no shape arguments.</summary>
    public void Add(string name, ReadOnlySpan<float> data, params int[] shape)
    {
        CheckShape(name, data.Length, shape);
        var bytes = new byte[data.Length * sizeof(float)];
        FloatConversions.ToLittleEndianBytes(data, bytes);
        Store(name, TensorDType.F32, bytes, shape);
    }

    /// <summary>Adds a bfloat16 tensor (dtype BF16) from its raw 16-bit patterns, e.g. <c>WeightPrecision</c> conversions.</summary>
    public void AddBFloat16(string name, ReadOnlySpan<ushort> bits, params int[] shape)
    {
        CheckShape(name, bits.Length, shape);
        var bytes = new byte[bits.Length * sizeof(ushort)];
        for (int i = 0; i < bits.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i, 2), bits[i]);
        }

        Store(name, TensorDType.BF16, bytes, shape);
    }

    /// <summary>Adds an int8 tensor (dtype I8).</summary>
    public void AddInt8(string name, ReadOnlySpan<sbyte> data, params int[] shape)
    {
        CheckShape(name, data.Length, shape);
        Store(name, TensorDType.I8, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data).ToArray(), shape);
    }

    /// <summary>Adds a tensor of any dtype from its little-endian bytes, as another file holds them (copied unchanged).</summary>
    public void AddRaw(string name, TensorDType dtype, ReadOnlySpan<byte> littleEndianBytes, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int size = dtype.SizeInBytes();
        if (littleEndianBytes.Length % size != 0)
        {
            throw new ArgumentException($"{littleEndianBytes.Length} bytes are not a whole number of {dtype.Name()} elements ({size} bytes each).", nameof(littleEndianBytes));
        }

        CheckShape(name, littleEndianBytes.Length / size, shape);
        Store(name, dtype, littleEndianBytes.ToArray(), shape);
    }

    private static void CheckShape(string name, int elementCount, int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (name == SafeTensorsHeader.MetadataKey)
        {
            throw new ArgumentException($"'{name}' is reserved for the metadata.", nameof(name));
        }

        foreach (int dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Shape {Shapes.Format(shape)} has a negative dimension.", nameof(shape));
            }
        }

        long elements = Shapes.ElementCount(shape);
        if (elements != elementCount)
        {
            throw new ArgumentException($"Shape {Shapes.Format(shape)} holds {elements} elements but the data has {elementCount}.", nameof(shape));
        }
    }

    private void Store(string name, TensorDType dtype, byte[] bytes, int[] shape)
    {
        if (!tensors.TryAdd(name, (dtype, bytes, (int[])shape.Clone())))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }
    }

    /// <summary>Writes the tensors and metadata added so far as a safetensors file.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.Create(path);
        WriteTo(stream);
    }

    /// <summary>Writes the tensors and metadata added so far to a stream in the safetensors format.</summary>
    /// <param name="stream">Where to write.</param>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] header = BuildHeader();
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var (_, data, _) in tensors.Values)
        {
            stream.Write(data);
        }
    }

    private byte[] BuildHeader()
    {
        using var json = new MemoryStream();
        // Relaxed escaping keeps names such as "encoder.rnn.weight_ih_l0" and non-ASCII metadata readable.
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata.Count > 0)
            {
                writer.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, (dtype, data, shape)) in tensors)
            {
                long end = offset + data.Length;
                writer.WriteStartObject(name);
                writer.WriteString("dtype", dtype.Name());
                writer.WriteStartArray("shape");
                foreach (int dimension in shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset = end;
            }

            writer.WriteEndObject();
        }

        int padding = (8 - (int)(json.Length % 8)) % 8;
        for (int i = 0; i < padding; i++)
        {
            json.WriteByte((byte)' ');
        }

        return json.ToArray();
    }
}
