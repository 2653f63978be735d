using System.Globalization;
using Onnx;

namespace Recurrent.Aot.Interop.Onnx;

/// <summary>One activation of a node with its α and β (null when it takes none).</summary>
internal readonly record struct NodeActivation(Activation Kind, float? Alpha, float? Beta)
{
    public string Text => Alpha is null ? OnnxActivations.Name(Kind) : $"{OnnxActivations.Name(Kind)}(α {Alpha.Value.ToString(CultureInfo.InvariantCulture)}{(Beta is null ? "" : ", β " + Beta.Value.ToString(CultureInfo.InvariantCulture))})";
}

/// <summary>
/// The <c>activations</c>, <c>activation_alpha</c> and <c>activation_beta</c> attributes: one list per direction (LSTM
/// f, g, h; GRU f, g; RNN f). α and β are consumed in list order by the activations that take them (as ONNX Runtime
/// does), with ONNX's defaults once a list runs out.
/// </summary>
internal static class OnnxActivations
{
    private static readonly (string Name, Activation Kind)[] Names =
    [
        ("Sigmoid", Activation.Sigmoid), ("HardSigmoid", Activation.HardSigmoid), ("Tanh", Activation.Tanh), ("Relu", Activation.Relu),
        ("Affine", Activation.Affine), ("LeakyRelu", Activation.LeakyRelu), ("ThresholdedRelu", Activation.ThresholdedRelu),
        ("ScaledTanh", Activation.ScaledTanh), ("Elu", Activation.Elu), ("Softsign", Activation.Softsign), ("Softplus", Activation.Softplus),
    ];

    public static string Name(Activation kind) => Names.First(n => n.Kind == kind).Name;

    public static Activation Kind(string name) => Names.First(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)).Kind;

    /// <summary>The ONNX defaults of an op: LSTM sigmoid, tanh, tanh; GRU sigmoid, tanh; RNN tanh.</summary>
    public static Activation[] Defaults(string op) => op switch
    {
        "LSTM" => [Activation.Sigmoid, Activation.Tanh, Activation.Tanh],
        "GRU" => [Activation.Sigmoid, Activation.Tanh],
        _ => [Activation.Tanh],
    };

    /// <summary>The activations of the node's forward direction, after checking that the reverse direction has the same.</summary>
    public static NodeActivation[] Read(NodeProto node, int directions)
    {
        Activation[] defaults = Defaults(node.OpType);
        int slots = defaults.Length;
        string[]? names = OnnxAttributes.Texts(node, "activations");
        float[] alphas = OnnxAttributes.Floats(node, "activation_alpha");
        float[] betas = OnnxAttributes.Floats(node, "activation_beta");
        if (names is not null && names.Length != slots * directions)
            throw new ModelImportException($"{OnnxGraph.Describe(node)} lists {names.Length} activations: expected {slots * directions} ({slots} per direction for {node.OpType}, {directions} direction{(directions == 2 ? "s" : "")}).");

        var all = new NodeActivation[slots * directions];
        int nextAlpha = 0, nextBeta = 0;
        for (int i = 0; i < all.Length; i++)
        {
            Activation kind = names is null ? defaults[i % slots] : Parse(node, names[i]);
            float? alpha = ActivationParameters.TakesAlpha(kind) ? (nextAlpha < alphas.Length ? alphas[nextAlpha++] : Default(node, kind, "activation_alpha", ActivationParameters.DefaultAlpha(kind))) : null;
            float? beta = ActivationParameters.TakesBeta(kind) ? (nextBeta < betas.Length ? betas[nextBeta++] : Default(node, kind, "activation_beta", ActivationParameters.DefaultBeta(kind))) : null;
            if (alpha is float a && !float.IsFinite(a) || beta is float b && !float.IsFinite(b))
                throw new ModelImportException($"{OnnxGraph.Describe(node)}: {Name(kind)} has a parameter that is not a finite number.");
            all[i] = new NodeActivation(kind, alpha, beta);
        }

        NodeActivation[] forward = all[..slots];
        NodeActivation[] reverse = all[slots..];
        if (directions == 2 && !forward.SequenceEqual(reverse))
        {
            throw new ModelImportException($"{OnnxGraph.Describe(node)} uses different activations per direction (forward {string.Join(", ", forward.Select(a => a.Text))}; reverse {string.Join(", ", reverse.Select(a => a.Text))}): the runtime applies one set to both directions.");
        }

        return forward;
    }

    private static Activation Parse(NodeProto node, string name)
    {
        if (!Names.Any(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw new ModelImportException($"{OnnxGraph.Describe(node)} uses activation '{name}': expected one of {string.Join(", ", Names.Select(n => n.Name))}.");
        return Kind(name);
    }

    private static float Default(NodeProto node, Activation kind, string attribute, float? fallback)
    {
        // ThresholdedRelu's α defaults to 1 in the ONNX operator but to 0 in ONNX Runtime's recurrent kernels: refuse to guess.
        if (fallback is null || kind == Activation.ThresholdedRelu)
            throw new ModelImportException($"{OnnxGraph.Describe(node)}: {Name(kind)} needs a value in {attribute} (it has no default the runtimes agree on).");
        return fallback.Value;
    }
}
