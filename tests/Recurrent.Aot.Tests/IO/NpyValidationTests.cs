using System.Buffers.Binary;
using System.Text;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.IO;

public class NpyValidationTests
{
    private const string ValidDict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";

    [Fact]
    public void Bad_magic_is_refused()
    {
        byte[] bytes = Build(ValidDict, 8);
        bytes[1] = (byte)'X';
        AssertRejected(bytes, "does not start with the magic string");
    }

    [Fact]
    public void Empty_file_is_refused()
        => AssertRejected([], "does not start with the magic string");

    [Fact]
    public void Unsupported_version_is_refused()
        => AssertRejected(Build(ValidDict, 8, major: 4), "Unsupported .npy version 4.0; expected 1.0, 2.0 or 3.0");

    [Fact]
    public void Big_endian_data_is_refused()
        => AssertRejected(Build("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8), "'>f4' is big-endian");

    [Theory]
    [InlineData("<i8")]
    [InlineData("<f2")]
    [InlineData("|u1")]
    public void Unsupported_dtype_is_refused(string descr)
        => AssertRejected(Build($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}", 16), $"dtype '{descr}' is not supported");

    [Fact]
    public void Structured_dtype_is_refused()
        => AssertRejected(Build("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8), "not a valid dictionary");

    [Fact]
    public void Fortran_order_is_refused()
        => AssertRejected(Build("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8), "Fortran order");

    [Fact]
    public void Data_shorter_than_the_shape_is_a_size_mismatch()
        => AssertRejected(Build(ValidDict, 6), "the shape needs 8 bytes, the file has 6");

    [Fact]
    public void Data_longer_than_the_shape_is_a_size_mismatch()
        => AssertRejected(Build(ValidDict, 12), "the shape needs 8 bytes, the file has 12");

    [Fact]
    public void Truncated_header_is_refused()
        => AssertRejected(Build(ValidDict, 8).AsSpan(0, 30).ToArray(), "truncated inside its");

    [Fact]
    public void Negative_shape_is_refused()
        => AssertRejected(Build("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", 8), "expected non-negative integers");

    [Fact]
    public void Missing_shape_is_refused()
        => AssertRejected(Build("{'descr': '<f4', 'fortran_order': False}", 8), "no 'shape' tuple");

    [Fact]
    public void Writer_refuses_data_that_does_not_match_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => Npy.Write(new MemoryStream(), [1f, 2f], 3));
        Assert.Equal("data", e.ParamName);
    }

    private static void AssertRejected(byte[] bytes, string expectedFragment)
    {
        var e = Assert.Throws<WeightsFormatException>(() => Npy.Read(new MemoryStream(bytes)));
        Assert.Contains(expectedFragment, e.Message, StringComparison.Ordinal);
    }

    private static byte[] Build(string dict, int dataLength, byte major = 1)
    {
        byte[] header = Encoding.ASCII.GetBytes(dict + "\n");
        int lengthSize = major == 1 ? 2 : 4;
        var bytes = new byte[8 + lengthSize + header.Length + dataLength];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = major;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        }

        header.CopyTo(bytes, 8 + lengthSize);
        return bytes;
    }
}
