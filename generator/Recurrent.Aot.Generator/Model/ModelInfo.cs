using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Model;

/// <summary>Everything the emitter needs for one model: the output of the parse and plan stages.</summary>
/// <param name="Type">The user's partial type.</param>
/// <param name="Plan">The architecture and every decision made from it (layouts, run policies).</param>
/// <param name="Weights">Embedded weights, or null when weights are bound at run time.</param>
/// <param name="CanLoadFiles">Whether the runtime assembly is referenced, so a file loader can be emitted.</param>
internal sealed record ModelInfo(TargetType Type, ModelPlan Plan, EmbeddedWeights? Weights, bool CanLoadFiles)
{
    /// <summary>The architecture (the plan's spec).</summary>
    public ModelSpec Spec => Plan.Spec;
}
