using System;
using System.Collections.Generic;
using Recurrent.Aot.IO;
using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>
/// A safetensors file at compile time: the header parsed and checked by the runtime's own
/// <see cref="SafeTensorsHeader"/> (compiled into the generator), tensors read as float32 (or an int8 matrix's q as stored) on demand.
/// </summary>
internal sealed class SafeTensorsReader
{
    private readonly byte[] _bytes;
    private readonly Dictionary<string, SafeTensorsEntry> _byName;

    private SafeTensorsReader(byte[] bytes, SafeTensorsEntry[] tensors, Dictionary<string, string> metadata)
    {
        _bytes = bytes;
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            _byName[t.Name] = t;
        }
    }

    /// <summary>Tensors in the order of their data, as the runtime lists them.</summary>
    public IReadOnlyList<SafeTensorsEntry> Tensors { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <exception cref="ArchitectureException">The bytes are not a well-formed safetensors file; the message is the runtime's.</exception>
    public static SafeTensorsReader Parse(byte[] bytes)
    {
        var (tensors, metadata) = SafeTensorsHeader.Parse(bytes);
        return new SafeTensorsReader(bytes, tensors, metadata);
    }

    public bool TryGet(string name, out SafeTensorsEntry tensor) => _byName.TryGetValue(name, out tensor!);

    /// <summary>Reads a tensor as float32: F16 and BF16 widened exactly, F64 rounded.</summary>
    /// <exception cref="ArchitectureException">The tensor is not floating-point.</exception>
    public float[] ReadFloat32(SafeTensorsEntry tensor)
    {
        if (!SafeTensorsHeader.IsFloat(tensor.DType))
        {
            throw RuleFailure.Malformed(SafeTensorsHeader.NotFloatMessage(tensor.Name, tensor.DType));
        }
        int begin = (int)tensor.Offset;
        int count = (int)(tensor.Length / SafeTensorsHeader.DTypeSizes[Array.IndexOf(SafeTensorsHeader.DTypeNames, tensor.DType)]);
        var result = new float[count];
        switch (tensor.DType)
        {
            case "F32":
                Buffer.BlockCopy(_bytes, begin, result, 0, count * 4);
                break;
            case "F64":
                for (int i = 0; i < count; i++)
                {
                    result[i] = (float)BitConverter.Int64BitsToDouble(BitConverter.ToInt64(_bytes, begin + (8 * i)));
                }
                break;
            case "F16":
                for (int i = 0; i < count; i++)
                {
                    result[i] = HalfToSingle(BitConverter.ToUInt16(_bytes, begin + (2 * i)));
                }
                break;
            default: // BF16: the top 16 bits of a float32, written straight into the result's bits.
                var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(result.AsSpan());
                for (int i = 0; i < count; i++)
                {
                    bits[i] = BitConverter.ToUInt16(_bytes, begin + (2 * i)) << 16;
                }
                break;
        }
        return result;
    }

    /// <summary>Reads an I8 tensor's values as they are stored (an int8 weight matrix's q).</summary>
    public sbyte[] ReadInt8(SafeTensorsEntry tensor)
    {
        var result = new sbyte[tensor.Length];
        Buffer.BlockCopy(_bytes, (int)tensor.Offset, result, 0, result.Length);
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
