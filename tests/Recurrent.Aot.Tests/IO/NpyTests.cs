using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.IO;

public class NpyTests
{
    // Bytes written by numpy 1.24 (numpy.lib.format.write_array) for the arrays named in each test.
    private const string NumpyFloat32V1 =
        "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a" +
        "0000c03f000000c000005040000080400000a0400000d0c0";

    private const string NumpyFloat64V2 =
        "934e554d50590200740000007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a" +
        "9a9999999999b93ffca9f1d24d6250bf";

    private const string NumpyFloat32V3 =
        "934e554d50590300740000007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028312c2031292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a" +
        "0000e040";

    private const string NumpyScalarV1 =
        "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a" +
        "00002040";

    [Fact]
    public void Reads_numpy_float32_version_1()
    {
        NpyArray array = Npy.Read(new MemoryStream(Convert.FromHexString(NumpyFloat32V1)));

        Assert.Equal([2, 3], array.Shape);
        Assert.Equal([1.5f, -2f, 3.25f, 4f, 5f, -6.5f], array.Data);
    }

    [Fact]
    public void Reads_numpy_float64_version_2_as_float32()
    {
        NpyArray array = Npy.Read(new MemoryStream(Convert.FromHexString(NumpyFloat64V2)));

        Assert.Equal([2], array.Shape);
        Assert.Equal([0.1f, -1e-3f], array.Data);
    }

    [Fact]
    public void Reads_numpy_version_3()
    {
        NpyArray array = Npy.Read(new MemoryStream(Convert.FromHexString(NumpyFloat32V3)));

        Assert.Equal([1, 1], array.Shape);
        Assert.Equal([7f], array.Data);
    }

    [Fact]
    public void Reads_a_numpy_scalar()
    {
        NpyArray array = Npy.Read(new MemoryStream(Convert.FromHexString(NumpyScalarV1)));

        Assert.Empty(array.Shape);
        Assert.Equal([2.5f], array.Data);
    }

    [Fact]
    public void Writes_the_same_bytes_as_numpy()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, [1.5f, -2f, 3.25f, 4f, 5f, -6.5f], 2, 3);

        Assert.Equal(NumpyFloat32V1, Convert.ToHexString(stream.ToArray()), ignoreCase: true);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 50, 1, 4 })]
    [InlineData(new[] { 2, 0, 3 })]
    [InlineData(new[] { 1, 2, 1, 3, 1 })]
    public void Round_trips_any_rank(int[] shape)
    {
        float[] data = Enumerable.Range(0, checked((int)shape.Aggregate(1L, (a, b) => a * b))).Select(i => (i * 0.37f) - 5f).ToArray();
        using var stream = new MemoryStream();
        Npy.Write(stream, data, shape);
        Assert.Equal(0, (stream.Length - (data.Length * 4)) % 64);
        stream.Position = 0;

        NpyArray array = Npy.Read(stream);

        Assert.Equal(shape, array.Shape);
        Assert.Equal(data, array.Data);
    }

    [Fact]
    public void Round_trips_through_a_file_keeping_special_values()
    {
        string path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            float[] data = [float.NaN, float.PositiveInfinity, -0f, float.Epsilon];
            Npy.Write(path, data, 4);

            NpyArray array = Npy.Read(path);

            Assert.Equal(data, array.Data);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
