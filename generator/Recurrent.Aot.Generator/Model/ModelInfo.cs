namespace Recurrent.Aot.Generator.Model;

/// <summary>Everything the emitter needs for one model: the output of the parse stage.</summary>
/// <param name="Type">The user's partial type.</param>
/// <param name="Spec">The architecture.</param>
/// <param name="Weights">Embedded weights, or null when weights are bound at run time.</param>
/// <param name="CanLoadFiles">Whether the runtime assembly is referenced, so a file loader can be emitted.</param>
internal sealed record ModelInfo(TargetType Type, ModelSpec Spec, EmbeddedWeights? Weights, bool CanLoadFiles);
