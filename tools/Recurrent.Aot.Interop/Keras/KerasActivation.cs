namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// A Keras activation as the runtime's metadata names it (docs/file-format.md): a token and, where Keras's
/// definition differs from the token's default parameters, α and β.
/// </summary>
internal sealed record KerasActivation(string Token, float? Alpha = null, float? Beta = null)
{
    /// <summary>The activations an RNN's gates and candidate may use, as the runtime names them.</summary>
    private const string Expressible = "sigmoid, hard_sigmoid, tanh, relu, linear, elu, softsign, softplus, leaky_relu";

    /// <summary>Keras 3's hard_sigmoid: relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1).</summary>
    public const float Keras3HardSigmoidAlpha = 1f / 6f;

    /// <summary>
    /// Maps a Keras activation name. <paramref name="kerasMajor"/> decides hard_sigmoid (Keras 2: 0.2·x + 0.5;
    /// Keras 3: x/6 + 0.5); null when the file does not say which Keras wrote it, which only hard_sigmoid needs.
    /// </summary>
    public static KerasActivation Map(string name, int? kerasMajor, string where)
    {
        return name switch
        {
            "sigmoid" => new("sigmoid"),
            "tanh" => new("tanh"),
            "relu" => new("relu"),
            "linear" => new("affine", 1f, 0f),
            "elu" => new("elu", 1f),
            "softsign" => new("softsign"),
            "softplus" => new("softplus"),
            "leaky_relu" => new("leaky_relu", 0.2f),
            "hard_sigmoid" => kerasMajor switch
            {
                2 => new("hard_sigmoid"),
                >= 3 => new("hard_sigmoid", Keras3HardSigmoidAlpha, 0.5f),
                _ => throw new ModelImportException($"{where}: hard_sigmoid is 0.2·x + 0.5 in Keras 2 but x/6 + 0.5 in Keras 3, and the file does not say which Keras wrote it; give the config from model.to_json() of Keras 2 (it records keras_version) or save a .keras archive."),
            },
            _ => throw new ModelImportException($"{where}: activation '{name}' has no equivalent in the runtime; expected one of {Expressible}."),
        };
    }

    /// <summary>Whether the runtime before activation parameters can run it (the tokens it has always known).</summary>
    public bool IsClassic => Alpha is null && Beta is null && Token is "sigmoid" or "tanh" or "relu" or "hard_sigmoid";
}
