using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Recurrent.Aot.IO;

/// <summary>
/// Collects float32 tensors and metadata and writes a safetensors file. Output is deterministic:
/// tensors sorted by name (as the reference writer orders tensors of one dtype), metadata keys sorted,
/// and the header padded with spaces to a multiple of 8 bytes so the data is aligned.
/// </summary>
public sealed class SafeTensorsWriter
{
    private readonly SortedDictionary<string, (float[] Data, int[] Shape)> tensors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> metadata = new(StringComparer.Ordinal);

    /// <summary>Metadata written as <c>__metadata__</c> (omitted when empty).</summary>
    public IDictionary<string, string> Metadata => metadata;

    /// <summary>Adds a tensor (the data is copied); a scalar has no shape arguments.</summary>
    public void Add(string name, ReadOnlySpan<float> data, params int[] shape)
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
        if (elements != data.Length)
        {
            throw new ArgumentException($"Shape {Shapes.Format(shape)} holds {elements} elements but the data has {data.Length}.", nameof(data));
        }

        if (!tensors.TryAdd(name, (data.ToArray(), (int[])shape.Clone())))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }
    }

    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.Create(path);
        WriteTo(stream);
    }

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] header = BuildHeader();
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var (data, _) in tensors.Values)
        {
            var buffer = new byte[data.Length * sizeof(float)];
            FloatConversions.ToLittleEndianBytes(data, buffer);
            stream.Write(buffer);
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
            foreach (var (name, (data, shape)) in tensors)
            {
                long end = offset + ((long)data.Length * sizeof(float));
                writer.WriteStartObject(name);
                writer.WriteString("dtype", "F32");
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
