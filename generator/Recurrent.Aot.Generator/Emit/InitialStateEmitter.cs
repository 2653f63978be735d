using System.Globalization;
using System.Linq;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits the model's initial state: the state a new stream starts from and <c>Reset</c> restores. It is the learned
/// <c>initial_h</c>/<c>initial_c</c> of the weights file when it has them (baked in for embedded weights, bound by
/// <c>Load</c>/<c>FromParameters</c> for shape-only models), else zeros, PyTorch's default.
/// </summary>
internal static class InitialStateEmitter
{
    public static void Emit(SourceWriter w, ModelInfo model)
    {
        if (model.Weights is { } embedded)
        {
            EmitEmbedded(w, embedded, model.Spec.HasCellState);
        }
        else
        {
            EmitBound(w);
        }
    }

    private static void EmitEmbedded(SourceWriter w, EmbeddedWeights weights, bool hasCellState)
    {
        bool learned = weights.InitialState.Length > 0;
        string tensors = hasCellState ? "initial_h/initial_c" : "initial_h";
        w.Line($"/// <summary>Whether the weights file holds a learned initial state ({tensors}), which <see cref=\"InitialState\"/> and Reset use instead of zeros.</summary>");
        w.Line($"public const bool HasLearnedInitialState = {(learned ? "true" : "false")};");
        w.Line();
        if (!learned)
        {
            w.Line("/// <summary>The state a new stream starts from: zeros, PyTorch's default (the file has no learned initial state).</summary>");
            w.Line("public static State InitialState => default;");
            w.Line();
            w.Line("/// <summary>Sets <paramref name=\"state\"/> to <see cref=\"InitialState\"/> (zeros).</summary>");
            w.Line("public static void Reset(ref State state) => state = default;");
            return;
        }
        w.Line("/// <summary>");
        w.Line("/// The state a new stream starts from: the learned initial state of the weights file. Start every stream here");
        w.Line("/// (<c>var state = InitialState;</c> or <see cref=\"Reset\"/>): <c>default</c> is the zero state, which this model was not trained from.");
        w.Line("/// </summary>");
        EmitStateAndReset(w, "public static", "state.CopyFrom(InitialStateData);", ", the learned initial state");
        w.Line();
        w.Line("/// <summary>The learned initial_h" + (hasCellState ? " (then initial_c)" : "") + " of every layer and direction, in the runtime's state layout (State.CopyFrom).</summary>");
        string values = string.Join(", ", weights.InitialState.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "f"));
        w.Line($"private static ReadOnlySpan<float> InitialStateData => [{values}];");
    }

    private static void EmitBound(SourceWriter w)
    {
        w.Line("/// <summary>Whether the bound weights came with a learned initial state (the file's initial_h/initial_c, or FromParameters' initialState).</summary>");
        w.Line("public bool HasLearnedInitialState => _initialState is not null;");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The state a new stream starts from: the learned initial state bound with the weights, else zeros (PyTorch's");
        w.Line("/// default). Start every stream here (<c>var state = model.InitialState;</c> or <see cref=\"Reset\"/>): <c>default</c> is always zeros.");
        w.Line("/// </summary>");
        EmitStateAndReset(w, "public", "if (_initialState is not null) state.CopyFrom(_initialState);", "");
    }

    /// <summary>The InitialState property (zeros, then <paramref name="copy"/>) and the Reset that assigns it.</summary>
    private static void EmitStateAndReset(SourceWriter w, string modifiers, string copy, string resetNote)
    {
        using (w.Open($"{modifiers} State InitialState"))
        {
            using (w.Open("get"))
            {
                w.Line("State state = default;");
                w.Line(copy);
                w.Line("return state;");
            }
        }
        w.Line();
        w.Line($"/// <summary>Sets <paramref name=\"state\"/> to <see cref=\"InitialState\"/>{resetNote}.</summary>");
        w.Line($"{modifiers} void Reset(ref State state) => state = InitialState;");
    }
}
