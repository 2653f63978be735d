using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>One tensor of the converted model, in PyTorch's layout and name.</summary>
public sealed record KerasImportedTensor(string Name, float[] Data, int[] Shape);

/// <summary>
/// A Keras model converted to this project's safetensors form (docs/file-format.md): PyTorch state_dict names under
/// the prefix <see cref="KerasImporter.ModulePrefix"/> (head <see cref="KerasImporter.HeadPrefix"/>), and the
/// <c>recurrent.*</c> metadata the runtime, generator and CLI read. <see cref="Save"/> writes it.
/// </summary>
public sealed class KerasImportResult
{
    internal KerasImportResult(IReadOnlyList<KerasImportedTensor> tensors, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<string> notes, KerasOutput output, string? kerasVersion)
    {
        Tensors = tensors;
        Metadata = metadata;
        Notes = notes;
        Output = output;
        KerasVersion = kerasVersion;
    }

    /// <summary>The converted tensors, PyTorch names and layouts.</summary>
    public IReadOnlyList<KerasImportedTensor> Tensors { get; }

    /// <summary>The safetensors <c>__metadata__</c>: <c>recurrent.*</c> keys and informational <c>keras.*</c> keys.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Settings of the Keras model the import ignored on purpose (stateful, dropout), one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>What the Keras model returns; says which runtime call reproduces it.</summary>
    public KerasOutput Output { get; }

    /// <summary>The Keras version that wrote the file, when the file says so.</summary>
    public string? KerasVersion { get; }

    /// <summary>The tensors and metadata in a writer (deterministic output).</summary>
    public SafeTensorsWriter ToWriter()
    {
        var writer = new SafeTensorsWriter();
        foreach (KerasImportedTensor tensor in Tensors)
        {
            writer.Add(tensor.Name, tensor.Data, tensor.Shape);
        }
        foreach ((string key, string value) in Metadata)
        {
            writer.Metadata[key] = value;
        }
        return writer;
    }

    /// <summary>Writes the safetensors file.</summary>
    public void Save(string path) => ToWriter().Save(path);

    /// <summary>The safetensors file's bytes.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        ToWriter().WriteTo(stream);
        return stream.ToArray();
    }
}
