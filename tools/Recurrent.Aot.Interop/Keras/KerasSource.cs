using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PureHDF;
using PureHDF.VOL.Native;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// An opened Keras file: the model config, the Keras version that wrote it (when known), and its weights.
/// Recognises the file by its bytes, not its name: HDF5 (<c>.h5</c>, <c>.weights.h5</c>) or a zip (<c>.keras</c>).
/// </summary>
internal sealed class KerasSource : IDisposable
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];
    private static readonly byte[] ZipSignature = [(byte)'P', (byte)'K', 3, 4];
    private const long MaxArchiveEntry = 1L << 31;

    private readonly List<IDisposable> _owned = [];

    private KerasSource()
    {
    }

    public required string ConfigJson { get; init; }
    public required string? KerasVersion { get; init; }
    public required string Layout { get; init; }
    public required IKerasWeightStore Weights { get; init; }

    public static KerasSource Open(byte[] model, string modelName, string? configJson)
    {
        if (model.AsSpan().StartsWith(Hdf5Signature))
        {
            return OpenHdf5(model, modelName, configJson, archiveVersion: null, archiveConfig: null);
        }
        if (model.AsSpan().StartsWith(ZipSignature))
        {
            return OpenArchive(model, modelName, configJson);
        }
        throw new ModelImportException($"{modelName}: not a Keras file: expected an HDF5 file (.h5, .weights.h5) or a .keras zip archive, but the file starts with neither signature.");
    }

    private static KerasSource OpenArchive(byte[] model, string modelName, string? configJson)
    {
        using var zip = new ZipArchive(new MemoryStream(model, writable: false), ZipArchiveMode.Read);
        string? archiveConfig = ReadEntryText(zip, "config.json", modelName);
        string? metadata = ReadEntryText(zip, "metadata.json", modelName);
        string? version = null;
        if (metadata is not null)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(metadata);
                version = KerasJson.Text(doc.RootElement, "keras_version");
            }
            catch (JsonException e)
            {
                throw new ModelImportException($"{modelName}: metadata.json is not valid JSON ({e.Message}).", e);
            }
        }
        ZipArchiveEntry weights = zip.GetEntry("model.weights.h5")
            ?? throw new ModelImportException(zip.GetEntry("model.weights.npz") is not null
                ? $"{modelName}: the archive stores its weights as model.weights.npz; only the default h5 weights format is supported (save with weights_format='h5')."
                : $"{modelName}: the archive has no model.weights.h5 (entries: {string.Join(", ", zip.Entries.Select(e => e.FullName))}).");
        byte[] h5 = ReadEntry(weights, modelName);
        if (!h5.AsSpan().StartsWith(Hdf5Signature))
        {
            throw new ModelImportException($"{modelName}: model.weights.h5 in the archive is not an HDF5 file.");
        }
        return OpenHdf5(h5, $"{modelName}!model.weights.h5", configJson, version, archiveConfig ?? throw new ModelImportException($"{modelName}: the archive has no config.json."));
    }

    private static string? ReadEntryText(ZipArchive zip, string name, string modelName)
        => zip.GetEntry(name) is { } entry ? Encoding.UTF8.GetString(ReadEntry(entry, modelName)) : null;

    private static byte[] ReadEntry(ZipArchiveEntry entry, string modelName)
    {
        if (entry.Length > MaxArchiveEntry)
        {
            throw new ModelImportException($"{modelName}: archive entry {entry.FullName} declares {entry.Length} bytes: the archive is corrupt.");
        }
        using Stream stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static KerasSource OpenHdf5(byte[] h5, string name, string? configJson, string? archiveVersion, string? archiveConfig)
    {
        var file = H5File.Open(new MemoryStream(h5, writable: false), leaveOpen: false);
        try
        {
            KerasSource source = Describe(file, name, configJson, archiveVersion, archiveConfig);
            source._owned.Add(file);
            return source;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static KerasSource Describe(NativeFile file, string name, string? configJson, string? archiveVersion, string? archiveConfig)
    {
        string? root = SavingLibWeightStore.Roots.FirstOrDefault(r => H5Access.TryGroup(file, r) is not null);
        if (archiveConfig is not null)
        {
            if (root is null)
            {
                throw new ModelImportException($"{name}: no 'layers' or '_layer_checkpoint_dependencies' group: not the weights of a .keras archive.");
            }
            string config = configJson ?? archiveConfig;
            return new KerasSource
            {
                ConfigJson = config,
                KerasVersion = archiveVersion ?? ConfigVersion(config) ?? LayoutVersion(root),
                Layout = $".keras archive (saving_lib layout under {root}/)",
                Weights = new SavingLibWeightStore(file, root, name),
            };
        }

        if (H5Access.TryString(file, "model_config") is { } modelConfig)
        {
            IH5Group weights = H5Access.TryGroup(file, "model_weights")
                ?? throw new ModelImportException($"{name}: has a model_config but no model_weights group.");
            return new KerasSource
            {
                ConfigJson = configJson ?? modelConfig,
                KerasVersion = H5Access.TryString(file, "keras_version") ?? H5Access.TryString(weights, "keras_version"),
                Layout = "whole-model HDF5 (model_config + model_weights)",
                Weights = new LegacyH5WeightStore(weights, name),
            };
        }

        if (H5Access.TryStrings(file, "layer_names") is not null)
        {
            string config = configJson ?? throw NeedsConfig(name, "Keras 2 save_weights");
            return new KerasSource
            {
                ConfigJson = config,
                KerasVersion = H5Access.TryString(file, "keras_version") ?? ConfigVersion(config),
                Layout = "weights-only HDF5 (Keras 2 save_weights layout)",
                Weights = new LegacyH5WeightStore(file, name),
            };
        }

        if (root is not null)
        {
            string config = configJson ?? throw NeedsConfig(name, "Keras 3 save_weights");
            return new KerasSource
            {
                ConfigJson = config,
                KerasVersion = ConfigVersion(config) ?? LayoutVersion(root),
                Layout = $"weights-only HDF5 (saving_lib layout under {root}/)",
                Weights = new SavingLibWeightStore(file, root, name),
            };
        }

        throw new ModelImportException($"{name}: an HDF5 file but not a Keras one: expected a model_config attribute (model.save), a layer_names attribute (Keras 2 save_weights) or a 'layers' group (Keras 3 save_weights); found {string.Join(", ", H5Access.ChildNames(file))}.");
    }

    private static ModelImportException NeedsConfig(string name, string kind)
        => new($"{name}: a weights-only file ({kind}) holds no architecture: give the model's JSON config too (model.to_json(), or config.json of a .keras archive).");

    /// <summary>
    /// The Keras version a config records: Keras 2's to_json() writes keras_version; otherwise Keras 3 marks its
    /// top-level model with module "keras" where tf.keras 2.13+ writes "keras.src.engine...".
    /// </summary>
    private static string? ConfigVersion(string config)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(config);
            if (KerasJson.Text(doc.RootElement, "keras_version") is { } version)
            {
                return version;
            }
            return KerasJson.Text(doc.RootElement, "module") switch
            {
                "keras" => "3",
                { } module when module.StartsWith("keras.src.engine", StringComparison.Ordinal) || module.StartsWith("keras.engine", StringComparison.Ordinal) => "2",
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null; // the config reader reports invalid JSON with its own message
        }
    }

    /// <summary>Only Keras 2.13-2.15 stored layers under _layer_checkpoint_dependencies.</summary>
    private static string? LayoutVersion(string root) => root == "_layer_checkpoint_dependencies" ? "2" : null;

    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }
}
