using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Recurrent.Aot.IO;

/// <summary>Little-endian F32/F16/BF16 bytes to float32 (exact) and F64 to float32 (rounded to nearest).</summary>
internal static class FloatConversions
{
    public static void ToFloat32(TensorDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case TensorDType.F32:
                FromF32(source, destination);
                break;
            case TensorDType.F16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source.Slice(2 * i, 2));
                }

                break;
            case TensorDType.F64:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source.Slice(8 * i, 8));
                }

                break;
            case TensorDType.BF16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source.Slice(2 * i, 2)));
                }

                break;
            default:
                throw new WeightsFormatException($"A {dtype.Name()} tensor cannot be read as float32.");
        }
    }

    /// <summary>bfloat16 is the upper half of a float32, so widening is a shift (NaN payloads kept).</summary>
    public static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    public static void FromF32(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(source[..(destination.Length * 4)]).CopyTo(destination);
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source.Slice(4 * i, 4));
        }
    }

    public static void ToLittleEndianBytes(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
            return;
        }

        for (int i = 0; i < source.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination.Slice(4 * i, 4), source[i]);
        }
    }
}
