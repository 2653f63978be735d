using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.IO;

public class HalfPrecisionTests
{
    [Fact]
    public void Float16_values_widen_exactly()
    {
        // IEEE binary16 bit patterns and the float32 values they denote.
        ushort[] bits = [0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0x0400, 0x8000, 0x7C00, 0xFC00];
        float[] expected = [1f, -2f, 0.333251953125f, 65504f, MathF.Pow(2, -24), MathF.Pow(2, -14), -0f, float.PositiveInfinity, float.NegativeInfinity];

        float[] actual = ReadSingleTensor("F16", SafeTensorsBytes.UInt16s(bits), bits.Length);

        Assert.Equal(expected, actual);
        Assert.True(float.IsNegative(actual[6]));
    }

    [Fact]
    public void Bfloat16_values_widen_exactly()
    {
        ushort[] bits = [0x3F80, 0xC000, 0x4049, 0x7F7F, 0x0001, 0x8000, 0x7F80];
        float[] expected = [1f, -2f, 3.140625f, BitConverter.Int32BitsToSingle(0x7F7F0000), BitConverter.Int32BitsToSingle(0x00010000), -0f, float.PositiveInfinity];

        float[] actual = ReadSingleTensor("BF16", SafeTensorsBytes.UInt16s(bits), bits.Length);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Half_precision_NaN_stays_NaN()
    {
        Assert.True(float.IsNaN(ReadSingleTensor("F16", SafeTensorsBytes.UInt16s(0x7E00), 1)[0]));
        Assert.True(float.IsNaN(ReadSingleTensor("BF16", SafeTensorsBytes.UInt16s(0x7FC0), 1)[0]));
    }

    [Fact]
    public void Every_float16_bit_pattern_matches_System_Half()
    {
        var bits = new ushort[65536];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = (ushort)i;
        }

        float[] actual = ReadSingleTensor("F16", SafeTensorsBytes.UInt16s(bits), bits.Length);

        for (int i = 0; i < bits.Length; i++)
        {
            float expected = (float)BitConverter.UInt16BitsToHalf((ushort)i);
            Assert.True(expected.Equals(actual[i]), $"bits 0x{i:X4}: expected {expected}, got {actual[i]}");
        }
    }

    private static float[] ReadSingleTensor(string dtype, byte[] data, int count)
    {
        string header = $$$"""{"t":{"dtype":"{{{dtype}}}","shape":[{{{count}}}],"data_offsets":[0,{{{data.Length}}}]}}""";
        SafeTensorsFile file = SafeTensorsFile.Parse(SafeTensorsBytes.Build(header, data));
        Assert.Equal(dtype == "F16" ? TensorDType.F16 : TensorDType.BF16, file.GetTensor("t").DType);
        return file.ReadFloat32("t");
    }
}
