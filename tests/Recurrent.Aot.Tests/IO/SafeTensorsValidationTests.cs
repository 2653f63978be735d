using System.Buffers.Binary;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.IO;

public class SafeTensorsValidationTests
{
    private const string OneTensor = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";

    [Fact]
    public void File_shorter_than_the_length_prefix_is_truncated()
        => AssertRejected(new byte[5], "truncated: 5 bytes");

    [Fact]
    public void Data_shorter_than_the_header_says_is_truncated()
        => AssertRejected(SafeTensorsBytes.Build(OneTensor, 6), "truncated: tensor 'w' ends at data byte 8, but only 6");

    [Fact]
    public void Header_length_larger_than_the_file_is_refused()
    {
        byte[] bytes = SafeTensorsBytes.Build(OneTensor, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length);
        AssertRejected(bytes, $"header length {bytes.Length} is larger than the {bytes.Length - 8} bytes");
    }

    [Fact]
    public void Absurd_header_length_is_refused_before_allocating()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 100_000_001);
        AssertRejected(bytes, "header length 100000001 is absurd");
    }

    [Fact]
    public void Header_that_is_not_JSON_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"w" 1}""", 0), "not valid JSON");

    [Fact]
    public void Header_with_invalid_UTF8_is_refused()
    {
        byte[] bytes = SafeTensorsBytes.Build("{\"w?\":{}}", 0);
        bytes[8 + 3] = 0xFF;
        AssertRejected(bytes, "valid");
    }

    [Fact]
    public void Header_that_is_not_an_object_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("[1, 2, 3]", 0), "must be a JSON object");

    [Fact]
    public void Content_after_the_header_object_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("{} {}", 0), "not valid JSON");

    [Fact]
    public void Tensor_entry_that_is_not_an_object_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"w": 3}""", 0), "Tensor 'w' must be an object");

    [Fact]
    public void Dtype_that_is_not_a_string_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"w":{"dtype":4,"shape":[2],"data_offsets":[0,8]}}""", 8), "dtype must be a string, found a number");

    [Fact]
    public void Shape_that_is_not_an_array_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"w":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}""", 8), "shape must be an array of integers, found a string");

    [Fact]
    public void Data_offsets_that_are_not_two_numbers_are_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8,16]}}""", 16), "exactly 2 numbers");

    [Fact]
    public void Missing_field_is_named()
        => AssertRejected(SafeTensorsBytes.Build("""{"w":{"dtype":"F32","data_offsets":[0,8]}}""", 8), "Tensor 'w' has no 'shape'");

    [Fact]
    public void Metadata_that_is_not_an_object_of_strings_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"__metadata__":{"layers":2}}""", 0), "Metadata 'layers' must be a string, found a number");

    [Fact]
    public void Unknown_dtype_is_named_with_its_tensor()
        => AssertRejected(SafeTensorsBytes.Build("""{"steps":{"dtype":"Q4","shape":[1],"data_offsets":[0,8]}}""", 8), "Tensor 'steps' has dtype 'Q4'; expected one of the safetensors dtypes (F32, F16, BF16, F64");

    [Fact]
    public void Integer_tensors_load_with_the_file_but_are_not_weights()
    {
        // A state_dict may carry an int64 counter (BatchNorm's num_batches_tracked) beside the weights.
        byte[] bytes = SafeTensorsBytes.Build("""{"steps":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"w":{"dtype":"F64","shape":[2],"data_offsets":[8,24]}}""", 24);
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 16), 1.5);
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8), -0.25);
        SafeTensorsFile file = SafeTensorsFile.Parse(bytes);
        Assert.Equal(TensorDType.I64, file.GetTensor("steps").DType);
        Assert.Equal([1.5f, -0.25f], file.ReadFloat32("w"));
        var error = Assert.Throws<WeightsFormatException>(() => file.ReadFloat32("steps"));
        Assert.Contains("Tensor 'steps' has dtype I64; only floating-point tensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_shape_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8), "shape entry -2 is out of range");

    [Fact]
    public void Non_integer_shape_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", 8), "non-negative integers, found the number 2.5");

    [Fact]
    public void Data_offsets_ending_before_they_begin_are_out_of_range()
        => AssertRejected(SafeTensorsBytes.Build("""{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}""", 8), "out of range (end before begin)");

    [Fact]
    public void Negative_data_offsets_are_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}""", 8), "data_offsets entries must be non-negative integers, found the number -8");

    [Fact]
    public void Overlapping_tensors_are_refused()
    {
        string header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""";
        AssertRejected(SafeTensorsBytes.Build(header, 12), "Tensors 'a' and 'b' overlap");
    }

    [Fact]
    public void Byte_span_that_does_not_match_the_shape_is_refused()
        => AssertRejected(SafeTensorsBytes.Build("""{"w":{"dtype":"F16","shape":[2,3],"data_offsets":[0,8]}}""", 8), "span 8 bytes, but shape (2, 3) of F16 needs 12");

    [Fact]
    public void Duplicate_tensor_names_are_refused()
    {
        string header = """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""";
        AssertRejected(SafeTensorsBytes.Build(header, 8), "names 'w' twice");
    }

    [Fact]
    public void Asking_for_a_missing_tensor_names_it()
    {
        SafeTensorsFile file = SafeTensorsFile.Parse(SafeTensorsBytes.Build(OneTensor, 8));

        Assert.False(file.TryGetTensor("lstm.weight_ih_l0", out _));
        var e = Assert.Throws<WeightsFormatException>(() => file.GetTensor("lstm.weight_ih_l0"));
        Assert.Contains("no tensor named 'lstm.weight_ih_l0'", e.Message, StringComparison.Ordinal);
        Assert.Throws<WeightsFormatException>(() => file.ReadFloat32("lstm.weight_ih_l0"));
    }

    [Fact]
    public void Destination_of_the_wrong_length_is_an_argument_error()
    {
        SafeTensorsFile file = SafeTensorsFile.Parse(SafeTensorsBytes.Build(OneTensor, 8));

        var e = Assert.Throws<ArgumentException>(() => file.ReadFloat32("w", new float[3]));
        Assert.Equal("destination", e.ParamName);
        Assert.Contains("has 2 elements", e.Message, StringComparison.Ordinal);
        Assert.Contains("holds 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_refuses_data_that_does_not_match_the_shape()
    {
        var writer = new SafeTensorsWriter();
        var e = Assert.Throws<ArgumentException>(() => writer.Add("w", [1f, 2f, 3f], 2, 2));
        Assert.Contains("holds 4 elements but the data has 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_refuses_a_name_added_twice()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("w", [1f], 1);
        Assert.Throws<ArgumentException>(() => writer.Add("w", [2f], 1));
    }

    private static void AssertRejected(byte[] bytes, string expectedFragment)
    {
        var e = Assert.Throws<WeightsFormatException>(() => SafeTensorsFile.Parse(bytes));
        Assert.Contains(expectedFragment, e.Message, StringComparison.Ordinal);
    }
}
