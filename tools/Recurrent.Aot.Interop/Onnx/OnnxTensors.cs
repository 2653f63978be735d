using System.Buffers.Binary;
using Onnx;

namespace Recurrent.Aot.Interop.Onnx;

/// <summary>Reads ONNX tensors (initializers, Constant values) as float32 or int64 arrays: raw_data or the typed fields.</summary>
internal static class OnnxTensors
{
    public static long[] Shape(TensorProto tensor) => [.. tensor.Dims];

    public static string ShapeText(IReadOnlyList<long> shape) => "(" + string.Join(", ", shape) + ")";

    /// <summary>The values as float32 (float, float16 and double tensors).</summary>
    public static float[] Floats(TensorProto tensor, string what)
    {
        long count = Count(tensor, what);
        CheckLocation(tensor, what);
        var type = (TensorProto.Types.DataType)tensor.DataType;
        var values = new float[count];
        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                if (raw.Length > 0)
                {
                    Expect(raw.Length, count * 4, what);
                    for (int i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
                }
                else
                {
                    Expect(tensor.FloatData.Count, count, what);
                    tensor.FloatData.CopyTo(values, 0);
                }

                return values;
            case TensorProto.Types.DataType.Double:
                if (raw.Length > 0)
                {
                    Expect(raw.Length, count * 8, what);
                    for (int i = 0; i < values.Length; i++)
                        values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(i * 8, 8));
                }
                else
                {
                    Expect(tensor.DoubleData.Count, count, what);
                    for (int i = 0; i < values.Length; i++)
                        values[i] = (float)tensor.DoubleData[i];
                }

                return values;
            case TensorProto.Types.DataType.Float16:
                if (raw.Length > 0)
                {
                    Expect(raw.Length, count * 2, what);
                    for (int i = 0; i < values.Length; i++)
                        values[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(i * 2, 2)));
                }
                else
                {
                    // float16 values travel in int32_data, one per element (low 16 bits).
                    Expect(tensor.Int32Data.Count, count, what);
                    for (int i = 0; i < values.Length; i++)
                        values[i] = (float)BitConverter.UInt16BitsToHalf((ushort)tensor.Int32Data[i]);
                }

                return values;
            default:
                throw new ModelImportException($"{what} has data type {type}: expected float, float16 or double weights.");
        }
    }

    /// <summary>The values as int64 (int32 and int64 tensors: shapes, lengths).</summary>
    public static long[] Integers(TensorProto tensor, string what)
    {
        long count = Count(tensor, what);
        CheckLocation(tensor, what);
        var type = (TensorProto.Types.DataType)tensor.DataType;
        var values = new long[count];
        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        switch (type)
        {
            case TensorProto.Types.DataType.Int64:
                if (raw.Length > 0)
                {
                    Expect(raw.Length, count * 8, what);
                    for (int i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8, 8));
                }
                else
                {
                    Expect(tensor.Int64Data.Count, count, what);
                    tensor.Int64Data.CopyTo(values, 0);
                }

                return values;
            case TensorProto.Types.DataType.Int32:
                if (raw.Length > 0)
                {
                    Expect(raw.Length, count * 4, what);
                    for (int i = 0; i < values.Length; i++)
                        values[i] = BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 4, 4));
                }
                else
                {
                    Expect(tensor.Int32Data.Count, count, what);
                    for (int i = 0; i < values.Length; i++)
                        values[i] = tensor.Int32Data[i];
                }

                return values;
            default:
                throw new ModelImportException($"{what} has data type {type}: expected int32 or int64 values.");
        }
    }

    private static long Count(TensorProto tensor, string what)
    {
        long count = 1;
        foreach (long dim in tensor.Dims)
        {
            if (dim < 0 || dim > int.MaxValue)
                throw new ModelImportException($"{what} has shape {ShapeText(tensor.Dims)}: expected non-negative dimensions.");
            count *= dim;
            if (count > 256L * 1024 * 1024)
                throw new ModelImportException($"{what} has shape {ShapeText(tensor.Dims)}: more than 2^28 values, beyond what the importer reads.");
        }

        return count;
    }

    private static void CheckLocation(TensorProto tensor, string what)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
            throw new ModelImportException($"{what} is stored as external data (beside the .onnx file): save the model with its weights inside (onnx.save_model(..., save_as_external_data=False)) and import again.");
    }

    private static void Expect(long actual, long expected, string what)
    {
        if (actual != expected)
            throw new ModelImportException($"{what} holds {actual} values (or bytes) but its shape needs {expected}.");
    }
}
