using System.Globalization;
using System.Text;

namespace Recurrent.Aot.Generator.Tests.Parity;

/// <summary>
/// C# compiled next to the generated models: array-in, array-out wrappers (reflection cannot pass spans),
/// written the way a user calls the model.
/// </summary>
internal static class DriverSource
{
    /// <param name="driver">Name of the driver class.</param>
    /// <param name="type">The generated model type.</param>
    /// <param name="target">What the calls go to: the type (embedded, static) or the <c>Model</c> field (shape-only).</param>
    /// <param name="load">For shape-only models, the expression that loads the weights.</param>
    /// <param name="generates">Whether the model has Generate (unidirectional, OutputSize == InputSize): the driver then
    /// wraps it, and <c>Allocated</c> counts it too.</param>
    public static string For(string driver, string type, string target, bool bidirectional, string? load, bool generates = false)
    {
        string ws = bidirectional ? ", workspace" : "";
        string wsDecl = bidirectional ? $"float[] workspace = new float[{type}.WorkspaceSize(steps)];" : "";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $$"""
            public static class {{driver}}
            {
                {{(load is null ? "" : $"private static readonly {type} Model = {load};")}}

                public static float[] Run(float[] inputs, int batch, int steps, float[] states)
                {
                    var outputs = new float[batch * steps * {{type}}.OutputSize];
                    {{wsDecl}}
                    for (int b = 0; b < batch; b++)
                    {
                        var s = default({{type}}.State);
                        s.CopyFrom(states.AsSpan(b * {{type}}.StateSize, {{type}}.StateSize));
                        {{target}}.Run(inputs.AsSpan(b * steps * {{type}}.InputSize, steps * {{type}}.InputSize), ref s, outputs.AsSpan(b * steps * {{type}}.OutputSize, steps * {{type}}.OutputSize){{ws}});
                        s.CopyTo(states.AsSpan(b * {{type}}.StateSize, {{type}}.StateSize));
                    }
                    return outputs;
                }

                public static float[] RunLast(float[] inputs, int batch, int steps, float[] states)
                {
                    var outputs = new float[batch * {{type}}.OutputSize];
                    {{wsDecl}}
                    for (int b = 0; b < batch; b++)
                    {
                        var s = default({{type}}.State);
                        s.CopyFrom(states.AsSpan(b * {{type}}.StateSize, {{type}}.StateSize));
                        {{target}}.RunLast(inputs.AsSpan(b * steps * {{type}}.InputSize, steps * {{type}}.InputSize), ref s, outputs.AsSpan(b * {{type}}.OutputSize, {{type}}.OutputSize){{ws}});
                    }
                    return outputs;
                }

                public static long Allocated(float[] inputs, int steps)
                {
                    var s = default({{type}}.State);
                    var y = new float[steps * {{type}}.OutputSize];
                    {{wsDecl}}
                    var x = inputs.AsSpan(0, steps * {{type}}.InputSize);
                    {{target}}.Run(x, ref s, y{{ws}});
                    {{target}}.RunLast(x, ref s, y.AsSpan(0, {{type}}.OutputSize){{ws}});
                    {{(bidirectional ? "" : $"{target}.Step(x.Slice(0, {type}.InputSize), ref s, y.AsSpan(0, {type}.OutputSize));")}}
                    {{(bidirectional ? "" : $"var batchStates = new {type}.State[15]; var batchX = new float[15 * {type}.InputSize]; var batchY = new float[15 * {type}.OutputSize]; {target}.StepBatch(batchX, batchStates, batchY);")}}
                    {{(generates ? $"{target}.Generate(x.Slice(0, {type}.InputSize), ref s, y);" : "")}}
                    // The fewer of two measured rounds: a call that allocates does so in both, while a one-off
                    // allocation of the runtime's own (a method compiled on this thread mid-round) shows in one.
                    long fewest = long.MaxValue;
                    for (int round = 0; round < 2; round++)
                    {
                        long before = System.GC.GetAllocatedBytesForCurrentThread();
                        for (int r = 0; r < 3; r++)
                        {
                            {{target}}.Run(x, ref s, y{{ws}});
                            {{target}}.RunLast(x, ref s, y.AsSpan(0, {{type}}.OutputSize){{ws}});
                        }
                        {{(bidirectional ? "" : $"for (int t = 0; t < steps; t++) {target}.Step(x.Slice(t * {type}.InputSize, {type}.InputSize), ref s, y.AsSpan(0, {type}.OutputSize));")}}
                        {{(bidirectional ? "" : $"for (int t = 0; t < steps; t++) {target}.StepBatch(batchX, batchStates, batchY);")}}
                        {{(generates ? $"{target}.Generate(x.Slice(0, {type}.InputSize), ref s, y);" : "")}}
                        fewest = System.Math.Min(fewest, System.GC.GetAllocatedBytesForCurrentThread() - before);
                    }
                    return fewest;
                }

            """);
        if (!bidirectional)
        {
            sb.Append(CultureInfo.InvariantCulture, $$"""
                    public static float[] StepBatch(float[] inputs, int batch, int steps, float[] states)
                    {
                        const int X = {{type}}.InputSize, O = {{type}}.OutputSize, S = {{type}}.StateSize;
                        var st = new {{type}}.State[batch];
                        for (int b = 0; b < batch; b++) st[b].CopyFrom(states.AsSpan(b * S, S));
                        var x = new float[batch * X];
                        var y = new float[batch * O];
                        var outputs = new float[batch * steps * O];
                        for (int t = 0; t < steps; t++)
                        {
                            for (int b = 0; b < batch; b++) inputs.AsSpan(((b * steps) + t) * X, X).CopyTo(x.AsSpan(b * X));
                            {{target}}.StepBatch(x, st, y);
                            for (int b = 0; b < batch; b++) y.AsSpan(b * O, O).CopyTo(outputs.AsSpan(((b * steps) + t) * O));
                        }
                        for (int b = 0; b < batch; b++) st[b].CopyTo(states.AsSpan(b * S, S));
                        return outputs;
                    }

                    /// <summary>
                    /// StepBatch (batched) or one Step per stream, over steps of inputs (batch, steps, X). Every third stream, from
                    /// the second, first takes one Step of its first input alone, so the streams of a group start in different phases.
                    /// </summary>
                    public static float[] StepStreams(float[] inputs, int batch, int steps, float[] states, bool batched)
                    {
                        const int X = {{type}}.InputSize, O = {{type}}.OutputSize, S = {{type}}.StateSize;
                        var st = new {{type}}.State[batch];
                        var y1 = new float[O];
                        for (int b = 0; b < batch; b++)
                        {
                            st[b].CopyFrom(states.AsSpan(b * S, S));
                            if (b % 3 == 1) {{target}}.Step(inputs.AsSpan(b * steps * X, X), ref st[b], y1);
                        }
                        var x = new float[batch * X];
                        var y = new float[batch * O];
                        var outputs = new float[batch * steps * O];
                        for (int t = 0; t < steps; t++)
                        {
                            for (int b = 0; b < batch; b++) inputs.AsSpan(((b * steps) + t) * X, X).CopyTo(x.AsSpan(b * X));
                            if (batched) {{target}}.StepBatch(x, st, y);
                            else for (int b = 0; b < batch; b++) {{target}}.Step(x.AsSpan(b * X, X), ref st[b], y.AsSpan(b * O, O));
                            for (int b = 0; b < batch; b++) y.AsSpan(b * O, O).CopyTo(outputs.AsSpan(((b * steps) + t) * O));
                        }
                        for (int b = 0; b < batch; b++) st[b].CopyTo(states.AsSpan(b * S, S));
                        return outputs;
                    }

                """);
        }
        if (generates)
        {
            sb.Append(CultureInfo.InvariantCulture, $$"""
                    /// <summary>Generate from each stream's first input (inputs (batch, ≥1 steps, X)) and its state; states are written back.</summary>
                    public static float[] Generate(float[] inputs, int batch, int steps, float[] states)
                    {
                        const int X = {{type}}.InputSize, O = {{type}}.OutputSize, S = {{type}}.StateSize;
                        int stride = inputs.Length / batch;
                        var outputs = new float[batch * steps * O];
                        for (int b = 0; b < batch; b++)
                        {
                            var s = default({{type}}.State);
                            s.CopyFrom(states.AsSpan(b * S, S));
                            {{target}}.Generate(inputs.AsSpan(b * stride, X), ref s, outputs.AsSpan(b * steps * O, steps * O));
                            s.CopyTo(states.AsSpan(b * S, S));
                        }
                        return outputs;
                    }

                """);
        }
        sb.Append("}\n");
        return sb.ToString();
    }
}
