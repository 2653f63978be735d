using System.Buffers.Binary;
using System.Collections.ObjectModel;

namespace Recurrent.Aot.IO;

/// <summary>
/// A parsed safetensors file (docs/file-format.md). The header is checked completely up front; tensor
/// data stays as raw bytes until a tensor is read.
/// </summary>
public sealed class SafeTensorsFile
{
    /// <summary>Headers larger than this are refused before any allocation (the reference reader's limit).</summary>
    public const long MaxHeaderLength = SafeTensorsHeader.MaxHeaderLength;

    private readonly ReadOnlyMemory<byte> bytes;
    private readonly Dictionary<string, TensorInfo> byName;

    private SafeTensorsFile(ReadOnlyMemory<byte> bytes, TensorInfo[] tensors, Dictionary<string, string> metadata)
    {
        this.bytes = bytes;
        Tensors = Array.AsReadOnly(tensors);
        Metadata = new ReadOnlyDictionary<string, string>(metadata);
        byName = new Dictionary<string, TensorInfo>(tensors.Length, StringComparer.Ordinal);
        foreach (TensorInfo tensor in tensors)
        {
            byName.Add(tensor.Name, tensor);
        }
    }

    /// <summary>The header's <c>__metadata__</c> (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor, in the order of its data in the file.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Reads and parses a file; format errors name the path.</summary>
    public static SafeTensorsFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] content = File.ReadAllBytes(path);
        try
        {
            return Parse(content);
        }
        catch (WeightsFormatException e)
        {
            throw new WeightsFormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses without copying: the caller keeps <paramref name="bytes"/> alive and unchanged.</summary>
    public static SafeTensorsFile Parse(ReadOnlyMemory<byte> bytes)
    {
        // The header's framing, JSON and offsets are checked by the source the generator compiles too.
        var (entries, metadata) = SafeTensorsHeader.Parse(bytes.Span);
        var tensors = new TensorInfo[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            SafeTensorsEntry entry = entries[i];
            tensors[i] = new TensorInfo(entry.Name, TensorDTypes.FromName(entry.DType), entry.Shape, entry.Offset, entry.Length);
        }

        return new SafeTensorsFile(bytes, tensors, metadata);
    }

    /// <summary>Finds a tensor by its name; false when the file has none of that name.</summary>
    /// <param name="name">The tensor's full name (<c>lstm.weight_ih_l0</c>).</param>
    /// <param name="tensor">The tensor's dtype, shape and place in the file, when found.</param>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        return byName.TryGetValue(name, out tensor);
    }

    /// <summary>The tensor called <paramref name="name"/>; a <see cref="WeightsFormatException"/> if there is none.</summary>
    public TensorInfo GetTensor(string name)
    {
        if (TryGetTensor(name, out TensorInfo? tensor))
        {
            return tensor;
        }

        throw new WeightsFormatException($"The file has no tensor named '{name}'.");
    }

    private TensorInfo GetFloatTensor(string name)
    {
        TensorInfo tensor = GetTensor(name);
        if (!tensor.DType.IsReadableAsFloat32())
        {
            throw new WeightsFormatException(SafeTensorsHeader.NotFloatMessage(name, tensor.DType.Name()));
        }

        return tensor;
    }

    /// <summary>The raw little-endian bytes of a tensor.</summary>
    internal ReadOnlySpan<byte> GetBytes(TensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return bytes.Span.Slice((int)tensor.Offset, (int)tensor.Length);
    }

    /// <summary>A tensor's elements as float32 (F16 and BF16 widened exactly, F64 rounded); allocates the array.</summary>
    public float[] ReadFloat32(string name)
    {
        TensorInfo tensor = GetFloatTensor(name);
        var result = new float[tensor.ElementCount];
        FloatConversions.ToFloat32(tensor.DType, GetBytes(tensor), result);
        return result;
    }

    /// <summary>A tensor's elements as float32 into <paramref name="destination"/>, whose length must match.</summary>
    public void ReadFloat32(string name, Span<float> destination)
    {
        TensorInfo tensor = GetFloatTensor(name);
        if (destination.Length != tensor.ElementCount)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has {tensor.ElementCount} elements (shape {Shapes.Format(tensor.Shape)}) but the destination holds {destination.Length}.",
                nameof(destination));
        }

        FloatConversions.ToFloat32(tensor.DType, GetBytes(tensor), destination);
    }

    /// <summary>
    /// A tensor's elements as float32 into <paramref name="destination"/> after checking that its shape is
    /// exactly <paramref name="shape"/>: what a loader with a fixed architecture (a generated model) needs.
    /// </summary>
    /// <exception cref="WeightsFormatException">The tensor is missing, not floating-point, or has another shape.</exception>
    public void ReadFloat32(string name, ReadOnlySpan<int> shape, Span<float> destination)
    {
        TensorInfo tensor = GetFloatTensor(name);
        if (!tensor.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new WeightsFormatException($"Tensor '{name}' has shape {Shapes.Format(tensor.Shape)}; expected {Shapes.Format(shape)}.");
        }

        ReadFloat32(name, destination);
    }
}
