namespace Recurrent.Aot.IO;

/// <summary>
/// One tensor of a safetensors file. <paramref name="Offset"/> counts bytes from the start of the file
/// (not from the end of the header) and <paramref name="Length"/> is the tensor's size in bytes.
/// </summary>
public sealed record TensorInfo(string Name, TensorDType DType, int[] Shape, long Offset, long Length)
{
    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount => Shapes.ElementCount(Shape);
}
