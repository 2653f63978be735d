using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>Emits <c>ProjectOutput</c>: a step's output from the top layer's h, through the dense head and its activation when there is one.</summary>
internal static class HeadEmitter
{
    public static void Emit(SourceWriter w, ModelPlan plan)
    {
        ModelSpec spec = plan.Spec;
        w.Line($"/// <summary>Writes one step's output from the top layer's h ({spec.StepInputOfHead} values{(spec.HeadSize > 0 ? ", through the dense head" : "")}).</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open("private static void ProjectOutput(ref float w, ref float top, Span<float> output)"))
        {
            if (plan.Layout.Head is not { } head)
            {
                w.Line($"MemoryMarshal.CreateReadOnlySpan(ref top, {spec.StepInputOfHead}).CopyTo(output);");
                return;
            }
            w.Line("HeadBuffer y = default;");
            w.Line("ref float yRef = ref Unsafe.As<HeadBuffer, float>(ref y);");
            w.Line($"Head(ref Unsafe.Add(ref w, {head.Offset}), ref top, ref yRef);");
            w.Line($"ReadOnlySpan<float> logits = MemoryMarshal.CreateReadOnlySpan(ref yRef, {spec.HeadSize});");
            switch (spec.HeadActivation)
            {
                case HeadActivation.Sigmoid:
                    using (w.Open("for (int i = 0; i < logits.Length; i++)"))
                    {
                        w.Line("output[i] = Act.Sigmoid(logits[i]);");
                    }
                    break;
                case HeadActivation.Softmax:
                    w.Line("// Softmax, shifted by the largest logit so exp never overflows.");
                    w.Line("float max = float.NegativeInfinity;");
                    w.Line("for (int i = 0; i < logits.Length; i++) max = MathF.Max(max, logits[i]);");
                    w.Line("float sum = 0f;");
                    w.Line("for (int i = 0; i < logits.Length; i++) { output[i] = MathF.Exp(logits[i] - max); sum += output[i]; }");
                    w.Line("for (int i = 0; i < logits.Length; i++) output[i] /= sum;");
                    break;
                default:
                    w.Line("logits.CopyTo(output);");
                    break;
            }
        }
    }
}
