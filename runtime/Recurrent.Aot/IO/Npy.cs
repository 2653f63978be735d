using System.Buffers.Binary;
using System.Text;

namespace Recurrent.Aot.IO;

/// <summary>
/// NumPy .npy files: reads versions 1.0–3.0 of little-endian float32/float64 C-order arrays (float64
/// is narrowed to float32) and writes float32 as version 1.0.
/// </summary>
public static class Npy
{
    // 0x93 then "NUMPY" (a u8 string literal would encode U+0093 as two bytes).
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private const int Alignment = 64;

    /// <summary>Reads a .npy file as float32 values and their shape.</summary>
    /// <param name="path">The file to read.</param>
    /// <exception cref="WeightsFormatException">The file is not a .npy array this reader accepts; the message says what was found.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.OpenRead(path);
        try
        {
            return Read(stream);
        }
        catch (WeightsFormatException e)
        {
            throw new WeightsFormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads one array; a seekable stream must end where the array's data ends.</summary>
    public static NpyArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> preamble = stackalloc byte[8];
        if (ReadFully(stream, preamble) < preamble.Length || !preamble[..6].SequenceEqual(Magic))
        {
            throw new WeightsFormatException("Not a .npy file: it does not start with the magic string \\x93NUMPY.");
        }

        byte major = preamble[6], minor = preamble[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new WeightsFormatException($"Unsupported .npy version {major}.{minor}; expected 1.0, 2.0 or 3.0.");
        }

        Span<byte> lengthBytes = stackalloc byte[major == 1 ? 2 : 4];
        if (ReadFully(stream, lengthBytes) < lengthBytes.Length)
        {
            throw new WeightsFormatException("The .npy file is truncated inside its header length.");
        }

        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > SafeTensorsFile.MaxHeaderLength)
        {
            throw new WeightsFormatException($"The .npy header length {headerLength} is absurd.");
        }

        var headerBytes = new byte[headerLength];
        if (ReadFully(stream, headerBytes) < headerBytes.Length)
        {
            throw new WeightsFormatException($"The .npy file is truncated inside its {headerLength}-byte header.");
        }

        // Versions 1 and 2 store the header as latin-1, version 3 as UTF-8.
        string headerText = major == 3 ? DecodeUtf8(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        var (elementSize, shape) = InterpretHeader(headerText);
        long elements;
        try
        {
            elements = Shapes.ElementCount(shape);
        }
        catch (OverflowException)
        {
            throw new WeightsFormatException($"The .npy shape {Shapes.Format(shape)} has too many elements.");
        }

        if (elements > Array.MaxLength)
        {
            throw new WeightsFormatException($"The .npy shape {Shapes.Format(shape)} has {elements} elements, more than one array can hold.");
        }

        return new NpyArray(ReadData(stream, elementSize, (int)elements), shape);
    }

    /// <summary>Writes <paramref name="data"/> as a little-endian float32 .npy file of the given shape.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="data">The values, in row-major (C) order.</param>
    /// <param name="shape">The dimensions; their product must equal the length of <paramref name="data"/>.</param>
    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.Create(path);
        Write(stream, data, shape);
    }

    /// <summary>Writes <paramref name="data"/> to a stream as a little-endian float32 .npy array of the given shape.</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="data">The values, in row-major (C) order.</param>
    /// <param name="shape">The dimensions; their product must equal the length of <paramref name="data"/>.</param>
    public static void Write(Stream stream, ReadOnlySpan<float> data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(shape);
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

        // NumPy pads the header with spaces and ends it with '\n' so the data starts 64-byte aligned.
        string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + Shapes.Format(shape) + ", }";
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int total = (unpadded + Alignment - 1) / Alignment * Alignment;
        string header = dict + new string(' ', total - unpadded) + "\n";
        if (header.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"Shape {Shapes.Format(shape)} makes a header too long for .npy version 1.0.", nameof(shape));
        }

        Span<byte> preamble = stackalloc byte[10];
        Magic.CopyTo(preamble);
        preamble[6] = 1;
        preamble[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(preamble[8..], (ushort)header.Length);
        stream.Write(preamble);
        stream.Write(Encoding.ASCII.GetBytes(header));
        var buffer = new byte[data.Length * sizeof(float)];
        FloatConversions.ToLittleEndianBytes(data, buffer);
        stream.Write(buffer);
    }

    private static (int ElementSize, int[] Shape) InterpretHeader(string headerText)
    {
        Dictionary<string, object> header = NpyHeaderParser.Parse(headerText.AsSpan().Trim());
        if (!header.TryGetValue("descr", out object? descrValue) || descrValue is not string descr)
        {
            throw new WeightsFormatException("The .npy header has no 'descr' string (a dtype such as '<f4').");
        }

        int elementSize = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            ">f4" or ">f8" => throw new WeightsFormatException($"The .npy dtype '{descr}' is big-endian; expected little-endian '<f4' or '<f8'."),
            _ => throw new WeightsFormatException($"The .npy dtype '{descr}' is not supported; expected '<f4' (float32) or '<f8' (float64)."),
        };

        if (!header.TryGetValue("fortran_order", out object? orderValue) || orderValue is not bool fortranOrder)
        {
            throw new WeightsFormatException("The .npy header has no 'fortran_order' boolean.");
        }

        if (fortranOrder)
        {
            throw new WeightsFormatException("The .npy array is in Fortran order; expected C order (fortran_order: False).");
        }

        if (!header.TryGetValue("shape", out object? shapeValue) || shapeValue is not int[] shape)
        {
            throw new WeightsFormatException("The .npy header has no 'shape' tuple.");
        }

        return (elementSize, shape);
    }

    private static float[] ReadData(Stream stream, int elementSize, int elements)
    {
        long expectedBytes = (long)elements * elementSize;
        if (stream.CanSeek)
        {
            long available = stream.Length - stream.Position;
            if (available != expectedBytes)
            {
                throw new WeightsFormatException(DataSizeMismatch(expectedBytes, available));
            }
        }

        var bytes = new byte[expectedBytes];
        int read = ReadFully(stream, bytes);
        if (read < bytes.Length)
        {
            throw new WeightsFormatException(DataSizeMismatch(expectedBytes, read));
        }

        var data = new float[elements];
        if (elementSize == 4)
        {
            FloatConversions.FromF32(bytes, data);
        }
        else
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8 * i, 8));
            }
        }

        return data;
    }

    private static string DataSizeMismatch(long expected, long actual) =>
        $"The .npy data size does not match its header: the shape needs {expected} bytes, the file has {actual}.";

    private static string DecodeUtf8(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new WeightsFormatException("The .npy version 3.0 header is not valid UTF-8.", e);
        }
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
