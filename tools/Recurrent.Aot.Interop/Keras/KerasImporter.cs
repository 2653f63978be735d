using System.Text;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// Converts Keras models (SimpleRNN, LSTM, GRU, Bidirectional, Dense head) to this project's safetensors format:
/// a whole-model <c>.h5</c> (Keras 2 or Keras 3's legacy HDF5), a <c>.keras</c> archive (Keras 3, and Keras 2.13+),
/// or a weights file (<c>.weights.h5</c>, Keras 2 <c>save_weights</c> .h5) together with the model's JSON config.
/// Every failure is a <see cref="ModelImportException"/> naming the file and the layer or tensor.
/// </summary>
public static class KerasImporter
{
    /// <summary>The tensor-name prefix of the imported recurrent module (<c>rnn.weight_ih_l0</c>, ...).</summary>
    public const string ModulePrefix = "rnn";

    /// <summary>The tensor-name prefix of the imported Dense head (<c>fc.weight</c>, <c>fc.bias</c>).</summary>
    public const string HeadPrefix = "fc";

    /// <summary>Reads a Keras file (and, for a weights-only file, its JSON config) and converts it in memory.</summary>
    /// <param name="modelPath">A <c>.h5</c>, <c>.keras</c> or <c>.weights.h5</c> file (recognised by content).</param>
    /// <param name="configPath">The model's JSON config (<c>model.to_json()</c> or a .keras's config.json): required
    /// for weights-only files; for whole-model files it replaces the stored config.</param>
    public static KerasImportResult Import(string modelPath, string? configPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        byte[] model = ReadFile(modelPath, "model");
        byte[]? config = configPath is null ? null : ReadFile(configPath, "config");
        return Import(model, Path.GetFileName(modelPath), config, configPath is null ? null : Path.GetFileName(configPath));
    }

    /// <summary>
    /// Imports a Keras file as the shared <see cref="ImportedModel"/>: the call <see cref="ModelImport"/>'s Keras case
    /// and <c>recurrent import MODEL [--config CONFIG]</c> make (<c>ImportedModel.Save</c> writes the file).
    /// </summary>
    public static ImportedModel ImportModel(string modelPath, string? configPath = null)
        => Import(modelPath, configPath).ToImportedModel();

    /// <summary>Converts a Keras file and writes the safetensors file to <paramref name="outputPath"/>.</summary>
    public static KerasImportResult Convert(string modelPath, string? configPath, string outputPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        KerasImportResult result = Import(modelPath, configPath);
        result.Save(outputPath);
        return result;
    }

    /// <summary>Converts a Keras file's bytes; names are used in messages only.</summary>
    public static KerasImportResult Import(byte[] model, string modelName, byte[]? config = null, string? configName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        string? configJson = config is null ? null : DecodeConfig(config, configName ?? "config");
        try
        {
            using KerasSource source = KerasSource.Open(model, modelName, configJson);
            KerasModelConfig modelConfig = KerasConfigReader.Read(source.ConfigJson, configJson is null ? modelName : configName ?? "config");
            string? version = source.KerasVersion ?? modelConfig.KerasVersion;
            KerasModelBuilder.Validate(modelConfig, version, modelName);
            IReadOnlyList<IReadOnlyList<KerasTensor>> weights = source.Weights.Read(modelConfig.Layers);
            return KerasModelBuilder.Build(modelConfig, weights, version, source.Layout, modelName);
        }
        catch (ModelImportException)
        {
            throw;
        }
        catch (Exception e)
        {
            // PureHDF, the zip reader and the JSON reader throw their own exceptions on corrupt input; a corrupt size
            // field can also ask PureHDF for an array past .NET's limits (OutOfMemoryException): still a corrupt file.
            throw new ModelImportException($"{modelName}: cannot be read as a Keras file ({e.GetType().Name}: {e.Message}); the file is truncated or corrupt.", e);
        }
    }

    private static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelImportException($"Cannot read the {what} file {path}: {e.Message}", e);
        }
    }

    private static string DecodeConfig(byte[] config, string name)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(config).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelImportException($"{name}: the model config is not UTF-8 text.", e);
        }
    }
}
