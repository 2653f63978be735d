using Recurrent.Aot.Generator.Diagnostics;
using Recurrent.Aot.Generator.Helpers;

namespace Recurrent.Aot.Generator.Model;

/// <summary>What one attributed type asks for, read from its attribute; no symbols survive past this point.</summary>
/// <param name="Type">The partial type.</param>
/// <param name="Location">The attribute's location, for diagnostics.</param>
/// <param name="Shape">The declared architecture of a shape-only model (null for a weights file).</param>
/// <param name="File">The weights file and overrides (null for a shape-only model).</param>
/// <param name="Diagnostics">Problems found in the declaration itself; when any is an error nothing is generated.</param>
internal sealed record DeclarationRequest(
    TargetType Type,
    LocationInfo? Location,
    ModelSpec? Shape,
    FileRequest? File,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The <c>[RecurrentModel]</c> arguments: a file plus what the names cannot say. Null/0 means "from the file".</summary>
/// <remarks>
/// <see cref="SourceFolder"/> is the folder of the source file that declares the model: a relative path resolves
/// against it when the build does not give the project's folder.
/// </remarks>
internal sealed record FileRequest(
    string Path,
    string? Module,
    string? Head,
    CellKind? Cell,
    Activation? Nonlinearity,
    GruResetMode? GruReset,
    Activation? GateActivation,
    Activation? CandidateActivation,
    Activation? CellActivation,
    HeadActivation? HeadActivation,
    int InputSize,
    int HiddenSize,
    int Layers,
    bool FastActivations,
    string? SourceFolder,
    WeightPrecision WeightPrecision = WeightPrecision.Float32);

/// <summary>A safetensors file listed in AdditionalFiles, read once per change.</summary>
/// <param name="Path">Full path as the build gives it.</param>
/// <param name="Bytes">The file's content, or empty when it could not be read.</param>
/// <param name="Error">Why reading failed, or null.</param>
internal sealed record WeightsFile(string Path, EquatableArray<byte> Bytes, string? Error);

/// <summary>The facts about the compilation the emitter needs, narrowed so unrelated edits compare equal.</summary>
/// <param name="HasRuntime">Whether Recurrent.Aot (SafeTensorsFile) is referenced, so Load(path) can be emitted.</param>
internal sealed record CompilationFacts(bool HasRuntime);

/// <summary>The parse stage's result for one declaration: a model to emit (or null) and diagnostics to report.</summary>
internal sealed record ModelResult(ModelInfo? Model, EquatableArray<DiagnosticInfo> Diagnostics);
