using Recurrent.Aot.Interop.Keras;
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
    /// <param name="path">An .onnx file, or a Keras .h5/.keras/.weights.h5 file.</param>
    /// <param name="configPath">Keras only: the model's JSON config, for a weights-only file (model.to_json()).</param>
    /// <exception cref="ModelImportException">The file's kind is not supported, or the importer refused it (the message says why).</exception>
    public static ImportedModel Import(string path, string? configPath = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = File.ReadAllBytes(path);
        ModelFileKind kind = Detect(path, bytes);
        if (configPath is not null && kind != ModelFileKind.Keras)
            throw new ModelImportException($"{Path.GetFileName(path)}: a config file is only read with a Keras weights file; an ONNX model carries its own graph.");
        return kind switch
        {
            ModelFileKind.Onnx => OnnxImporter.Import(bytes, Path.GetFileName(path)),
            ModelFileKind.Keras => KerasImporter.ImportModel(path, configPath),
            _ => throw new ModelImportException($"{Path.GetFileName(path)} is not a model file the importer knows: expected an .onnx file, or a Keras .h5/.keras file."),
        };
    }
}
