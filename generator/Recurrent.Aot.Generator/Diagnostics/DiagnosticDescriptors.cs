using Microsoft.CodeAnalysis;

namespace Recurrent.Aot.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable and tracked in AnalyzerReleases.*.md;
/// never reuse an id for a different problem.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Recurrent.Aot.Generator";

    /// <summary>RAOT001: "Type '{0}' must be declared partial so the generator can add the model's members".</summary>
    public static readonly DiagnosticDescriptor TypeNotPartial = new(
        id: "RAOT001",
        title: "Model type must be partial",
        messageFormat: "Type '{0}' must be declared partial so the generator can add the model's members",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Add the 'partial' modifier to the type that carries [Lstm], [Gru], [Rnn] or [RecurrentModel].");

    /// <summary>RAOT002: "Type '{0}' is {1}; declare the model as a top-level, non-generic type".</summary>
    public static readonly DiagnosticDescriptor UnsupportedTypeShape = new(
        id: "RAOT002",
        title: "Nested or generic model types are not supported",
        messageFormat: "Type '{0}' is {1}; declare the model as a top-level, non-generic type",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated state type and kernels are emitted at namespace level; move the model type out of its containing type and remove type parameters.");

    /// <summary>RAOT003: "{0} must be {1}, but is {2}".</summary>
    public static readonly DiagnosticDescriptor InvalidSize = new(
        id: "RAOT003",
        title: "Invalid model size",
        messageFormat: "{0} must be {1}, but is {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "InputSize and HiddenSize must be between 1 and 4096, Layers between 1 and 16, ProjSize between 0 and HiddenSize - 1, HeadSize between 0 and 4096.");

    /// <summary>RAOT004: "{0} is not supported: {1}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedCombination = new(
        id: "RAOT004",
        title: "Unsupported model configuration",
        messageFormat: "{0} is not supported: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Some settings only apply to one cell kind (ProjSize and CellActivation to LSTM, GruReset to GRU, Nonlinearity to RNN), and peepholes, clip and input_forget are run by the runtime's generic model only.");

    /// <summary>RAOT005: "Weights file '{0}' is not listed as an AdditionalFiles item of this project".</summary>
    public static readonly DiagnosticDescriptor WeightsFileNotListed = new(
        id: "RAOT005",
        title: "Weights file is not an AdditionalFiles item",
        messageFormat: "Weights file '{0}' is not listed as an AdditionalFiles item of this project",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Add <AdditionalFiles Include=\"path/to/model.safetensors\" /> to the project file. A relative attribute path names the listed file at that path from the project's folder (.. and ./ allowed); failing that, it is matched against the end of each AdditionalFiles path.");

    /// <summary>RAOT006: "Weights file '{0}' could not be read: {1}".</summary>
    public static readonly DiagnosticDescriptor WeightsFileUnreadable = new(
        id: "RAOT006",
        title: "Weights file cannot be read",
        messageFormat: "Weights file '{0}' could not be read: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The file is listed but could not be opened or read at compile time.");

    /// <summary>RAOT007: "Weights file '{0}' cannot be read as a recurrent model: {1}".</summary>
    public static readonly DiagnosticDescriptor MalformedSafeTensors = new(
        id: "RAOT007",
        title: "Malformed weights file",
        messageFormat: "Weights file '{0}' cannot be read as a recurrent model: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A safetensors file is an 8-byte little-endian header length, a JSON header and the raw tensor data (see docs/file-format.md). The file must also hold the recurrent module's weights under PyTorch's state_dict names with consistent shapes, no tensor under the module's prefix that the model would not read, and only recurrent.* metadata keys and values the runtime accepts (docs/file-format.md lists them). The runtime's RecurrentModel.Load applies the same rules.");

    /// <summary>RAOT008: "Weights file '{0}' is not the declared model: {1}".</summary>
    public static readonly DiagnosticDescriptor ShapeMismatch = new(
        id: "RAOT008",
        title: "Weights file disagrees with the declaration",
        messageFormat: "Weights file '{0}' is not the declared model: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A value given on the attribute (a size, the cell kind, an activation) contradicts what the file's tensors or metadata say. Remove the override or export the file again.");

    /// <summary>RAOT009: "Tensor '{0}' holds a non-finite value ({1}) at index {2}".</summary>
    public static readonly DiagnosticDescriptor NonFiniteWeights = new(
        id: "RAOT009",
        title: "Weights contain NaN or infinity",
        messageFormat: "Tensor '{0}' holds a non-finite value ({1}) at index {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Embedded weights must be finite: a NaN or infinity usually means the training diverged or the export went wrong.");

    /// <summary>RAOT010: "Weights file '{0}' packs to {1} bytes, more than the {2} bytes that can be embedded in an assembly; declare the shape with [{3}] ...".</summary>
    public static readonly DiagnosticDescriptor EmbeddedWeightsTooLarge = new(
        id: "RAOT010",
        title: "Weights too large to embed",
        messageFormat: "Weights file '{0}' packs to {1} bytes, more than the {2} bytes that can be embedded in an assembly; declare the shape with [{3}] and call Load at run time",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Embedded weights become a string literal, and the compiler caps all of an assembly's string literals at 16 MB. Declare the shape instead ([Lstm], [Gru] or [Rnn] with the file's sizes), reference the runtime assembly and bind the file at run time with Load(path).");

    /// <summary>RAOT011: "Weights file '{0}' matches more than one AdditionalFiles item: {1}".</summary>
    public static readonly DiagnosticDescriptor WeightsFileAmbiguous = new(
        id: "RAOT011",
        title: "Weights file path matches several AdditionalFiles items",
        messageFormat: "Weights file '{0}' matches more than one AdditionalFiles item: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "No listed file is at the attribute's path from the project's folder, and the ends of several listed paths match it, so the generator cannot tell which file to embed. Give the path from the project's folder (.. and ./ allowed), or a longer one that only one listed file ends with.");

    /// <summary>RAOT012: "Recurrent.Aot's generated code needs C# 12 or later and .NET 9 or later (the System.Runtime.Intrinsics Vector512 API); nothing was generated: {0}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedLanguage = new(
        id: "RAOT012",
        title: "The project's language version or target framework cannot compile the generated code",
        messageFormat: "Recurrent.Aot's generated code needs C# 12 or later and .NET 9 or later (the System.Runtime.Intrinsics Vector512 API); nothing was generated: {0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated models use inline arrays (C# 12, .NET 8) and .NET 9's vector API (Vector512, MultiplyAddEstimate). With an older <LangVersion> or <TargetFramework> the generator emits nothing and reports this once; remove the <LangVersion> setting or set 12 or later, and target net9.0 or later.");
}
