using Recurrent.Aot.Interop.Onnx;

namespace Recurrent.Aot.Interop;

/// <summary>The kinds of model file <see cref="ModelImport"/> tells apart.</summary>
public enum ModelFileKind
{
    /// <summary>Not a kind the importers read.</summary>
    Unknown,
    /// <summary>An ONNX protobuf (.onnx).</summary>
    Onnx,
    /// <summary>Keras: HDF5 (.h5, by its magic bytes) or a .keras zip archive.</summary>
    Keras,
}

/// <summary>
/// The one place that dispatches an import by file kind: HDF5 magic or a zip archive → Keras; <c>.onnx</c> → ONNX.
/// </summary>
public static class ModelImport
{
    private static readonly byte[] Hdf5Magic = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] ZipMagic = [(byte)'P', (byte)'K', 3, 4];

    /// <summary>The file's kind from its first bytes, then its extension.</summary>
    public static ModelFileKind Detect(string path, ReadOnlySpan<byte> start)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (start.StartsWith(Hdf5Magic) || start.StartsWith(ZipMagic))
            return ModelFileKind.Keras;
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".onnx" => ModelFileKind.Onnx,
            ".h5" or ".hdf5" or ".keras" => ModelFileKind.Keras,
            _ => ModelFileKind.Unknown,
        };
    }

    /// <summary>Imports a model file of any supported kind.</summary>
    /// <exception cref="ModelImportException">The file's kind is not supported, or the importer refused it (the message says why).</exception>
    public static ImportedModel Import(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = File.ReadAllBytes(path);
        return Detect(path, bytes) switch
        {
            ModelFileKind.Onnx => OnnxImporter.Import(bytes, Path.GetFileName(path)),
            // The Keras importer (Keras/KerasImporter) plugs in here: ModelFileKind.Keras => KerasImporter.Import(path),
            ModelFileKind.Keras => throw new ModelImportException($"{Path.GetFileName(path)} is a Keras model (HDF5 or .keras): Keras import is not supported yet; export it to ONNX (tf2onnx) and import the .onnx file."),
            _ => throw new ModelImportException($"{Path.GetFileName(path)} is not a model file the importer knows: expected an .onnx file, or a Keras .h5/.keras file."),
        };
    }
}
