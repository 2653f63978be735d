using System.Globalization;

namespace Recurrent.Aot.Loading.Rules;

/// <summary>
/// Which activation tokens take α and β, and their ONNX defaults (hard_sigmoid α = 0.2, β = 0.5; leaky_relu α = 0.01;
/// thresholded_relu α = 1; elu α = 1; affine and scaled_tanh: both required). The runtime's <c>ActivationParameters</c>
/// says the same for its enum; the rules work on tokens because the generator compiles them without the runtime.
/// </summary>
internal static class ActivationTokens
{
    public static bool TakesAlpha(string token) => token is "hard_sigmoid" or "affine" or "leaky_relu" or "thresholded_relu" or "scaled_tanh" or "elu";

    public static bool TakesBeta(string token) => token is "hard_sigmoid" or "affine" or "scaled_tanh";

    public static float? DefaultAlpha(string token) => token switch
    {
        "hard_sigmoid" => 0.2f,
        "leaky_relu" => 0.01f,
        "thresholded_relu" => 1f,
        "elu" => 1f,
        _ => null,
    };

    public static float? DefaultBeta(string token) => token == "hard_sigmoid" ? 0.5f : null;

    /// <summary>
    /// The settled α or β of an activation: the file's value when given (refused when the activation takes none),
    /// else the default; null when the activation takes none. <paramref name="activationKey"/> and
    /// <paramref name="key"/> name the metadata in messages.
    /// </summary>
    public static float? Settle(string token, float? given, bool alpha, string activationKey, string key)
    {
        bool takes = alpha ? TakesAlpha(token) : TakesBeta(token);
        float? fallback = alpha ? DefaultAlpha(token) : DefaultBeta(token);
        if (given is float value)
        {
            if (!takes)
            {
                throw RuleFailure.Malformed($"Metadata {key} = {value.ToString(CultureInfo.InvariantCulture)} is given, but {activationKey} = {token} takes no {(alpha ? "alpha" : "beta")}.");
            }
            return value;
        }
        if (takes && fallback is null)
        {
            throw RuleFailure.Malformed($"{activationKey} = {token} needs {key} ({token} has no default {(alpha ? "alpha" : "beta")}).");
        }
        return fallback;
    }
}
