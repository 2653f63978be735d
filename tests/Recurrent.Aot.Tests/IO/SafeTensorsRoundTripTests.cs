using System.Buffers.Binary;
using System.Text;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.IO;

public class SafeTensorsRoundTripTests
{
    [Fact]
    public void Written_tensors_and_metadata_read_back_unchanged()
    {
        var writer = new SafeTensorsWriter();
        float[] weights = [1.5f, -2f, 3.25f, float.MaxValue, float.Epsilon, -0f];
        writer.Add("lstm.weight_ih_l0", weights, 3, 2);
        writer.Add("lstm.bias_ih_l0", [0.5f, 0.25f, -0.125f], 3);
        writer.Add("scalar", [42f]);
        writer.Metadata["recurrent.cell"] = "lstm";
        writer.Metadata["note"] = "ünïcödé \"quoted\"";

        SafeTensorsFile file = SafeTensorsFile.Parse(WriteToBytes(writer));

        Assert.Equal(weights, file.ReadFloat32("lstm.weight_ih_l0"));
        Assert.Equal([3, 2], file.GetTensor("lstm.weight_ih_l0").Shape);
        Assert.Equal([0.5f, 0.25f, -0.125f], file.ReadFloat32("lstm.bias_ih_l0"));
        Assert.Empty(file.GetTensor("scalar").Shape);
        Assert.Equal([42f], file.ReadFloat32("scalar"));
        Assert.Equal("lstm", file.Metadata["recurrent.cell"]);
        Assert.Equal("ünïcödé \"quoted\"", file.Metadata["note"]);
        Assert.All(file.Tensors, t => Assert.Equal(TensorDType.F32, t.DType));
    }

    [Fact]
    public void Output_does_not_depend_on_the_order_of_Add_calls()
    {
        var first = new SafeTensorsWriter();
        first.Add("b", [1f], 1);
        first.Add("a", [2f, 3f], 2);
        first.Metadata["y"] = "1";
        first.Metadata["x"] = "2";
        var second = new SafeTensorsWriter();
        second.Metadata["x"] = "2";
        second.Metadata["y"] = "1";
        second.Add("a", [2f, 3f], 2);
        second.Add("b", [1f], 1);

        Assert.Equal(WriteToBytes(first), WriteToBytes(second));
    }

    [Fact]
    public void Header_is_padded_with_spaces_so_the_data_starts_8_byte_aligned()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("w", [1f, 2f, 3f], 3);
        byte[] bytes = WriteToBytes(writer);

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Equal("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", header.TrimEnd(' '));
        Assert.Equal(12, bytes.Length - 8 - (int)headerLength);
    }

    [Fact]
    public void Tensors_are_listed_in_data_order_with_offsets_from_the_start_of_the_file()
    {
        // Header order differs from data order on purpose.
        string header = """{"second":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"first":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""";
        byte[] bytes = SafeTensorsBytes.Build(header, SafeTensorsBytes.Floats(10f, 20f));
        SafeTensorsFile file = SafeTensorsFile.Parse(bytes);

        Assert.Equal(["first", "second"], file.Tensors.Select(t => t.Name));
        int dataStart = 8 + Encoding.UTF8.GetByteCount(header);
        Assert.Equal(dataStart, file.GetTensor("first").Offset);
        Assert.Equal(dataStart + 4, file.GetTensor("second").Offset);
        Assert.Equal(20f, file.ReadFloat32("second")[0]);
    }

    [Fact]
    public void Empty_metadata_is_left_out_and_reads_back_empty()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("w", [1f], 1);
        byte[] bytes = WriteToBytes(writer);

        Assert.DoesNotContain("__metadata__", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Empty(SafeTensorsFile.Parse(bytes).Metadata);
    }

    [Fact]
    public void Save_and_Load_go_through_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"roundtrip-{Guid.NewGuid():N}.safetensors");
        try
        {
            var writer = new SafeTensorsWriter();
            writer.Add("gru.weight_hh_l0", [1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
            writer.Metadata["recurrent.gru_reset"] = "before";
            writer.Save(path);

            SafeTensorsFile file = SafeTensorsFile.Load(path);
            Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], file.ReadFloat32("gru.weight_hh_l0"));
            Assert.Equal("before", file.Metadata["recurrent.gru_reset"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFloat32_into_a_span_fills_it()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("w", [1f, 2f, 3f, 4f], 2, 2);
        SafeTensorsFile file = SafeTensorsFile.Parse(WriteToBytes(writer));
        Span<float> destination = stackalloc float[4];

        file.ReadFloat32("w", destination);

        Assert.Equal([1f, 2f, 3f, 4f], destination.ToArray());
    }

    [Fact]
    public void ReadFloat32_with_an_expected_shape_reads_a_matching_tensor()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("w", [1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        SafeTensorsFile file = SafeTensorsFile.Parse(WriteToBytes(writer));
        var destination = new float[6];

        file.ReadFloat32("w", [2, 3], destination);

        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], destination);
    }

    [Theory]
    [InlineData(new[] { 3, 2 })]
    [InlineData(new[] { 6 })]
    [InlineData(new[] { 1, 2, 3 })]
    public void ReadFloat32_with_an_expected_shape_refuses_another_shape_of_the_same_size(int[] expected)
    {
        var writer = new SafeTensorsWriter();
        writer.Add("w", [1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        SafeTensorsFile file = SafeTensorsFile.Parse(WriteToBytes(writer));
        var destination = new float[6];

        var e = Assert.Throws<WeightsFormatException>(() => file.ReadFloat32("w", expected, destination));

        Assert.Contains("'w' has shape (2, 3)", e.Message, StringComparison.Ordinal);
        Assert.All(destination, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Load_error_names_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, [1, 2, 3]);
            var e = Assert.Throws<WeightsFormatException>(() => SafeTensorsFile.Load(path));
            Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static byte[] WriteToBytes(SafeTensorsWriter writer)
    {
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }
}
