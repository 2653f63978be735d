namespace Recurrent.Aot;

/// <summary>
/// The α and β of an <see cref="Activation"/> with their ONNX defaults: hard_sigmoid α = 0.2, β = 0.5; leaky_relu
/// α = 0.01; thresholded_relu α = 1; elu α = 1; affine and scaled_tanh have no default (both required); the others
/// take none.
/// </summary>
/// <param name="Alpha">α (0 when the activation takes none).</param>
/// <param name="Beta">β (0 when the activation takes none).</param>
public readonly record struct ActivationParameters(float Alpha, float Beta)
{
    /// <summary>Whether <paramref name="activation"/> reads α.</summary>
    public static bool TakesAlpha(Activation activation) => activation is Activation.HardSigmoid or Activation.Affine or Activation.LeakyRelu
        or Activation.ThresholdedRelu or Activation.ScaledTanh or Activation.Elu;

    /// <summary>Whether <paramref name="activation"/> reads β.</summary>
    public static bool TakesBeta(Activation activation) => activation is Activation.HardSigmoid or Activation.Affine or Activation.ScaledTanh;

    /// <summary>ONNX's default α of <paramref name="activation"/>, or null when it has none (it takes none, or it is required).</summary>
    public static float? DefaultAlpha(Activation activation) => activation switch
    {
        Activation.HardSigmoid => 0.2f,
        Activation.LeakyRelu => 0.01f,
        Activation.ThresholdedRelu => 1f,
        Activation.Elu => 1f,
        _ => null,
    };

    /// <summary>ONNX's default β of <paramref name="activation"/>, or null when it has none.</summary>
    public static float? DefaultBeta(Activation activation) => activation == Activation.HardSigmoid ? 0.5f : null;

    /// <summary>
    /// The parameters an activation runs with: the given α/β, else the defaults.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter the activation does not take is given, a required one is missing, or one is not finite (the message names <paramref name="what"/>).</exception>
    public static ActivationParameters Resolve(Activation activation, float? alpha, float? beta, string what)
    {
        float a = Pick(activation, alpha, TakesAlpha(activation), DefaultAlpha(activation), what, "alpha");
        float b = Pick(activation, beta, TakesBeta(activation), DefaultBeta(activation), what, "beta");
        return new ActivationParameters(a, b);
    }

    private static float Pick(Activation activation, float? given, bool takes, float? fallback, string what, string name)
    {
        if (given is float value)
        {
            if (!takes)
                throw new ArgumentException($"{what} {activation} takes no {name}, but {name} {value} was given.");
            if (!float.IsFinite(value))
                throw new ArgumentException($"{what} {activation} has {name} {value}: expected a finite number.");
            return value;
        }

        if (takes && fallback is null)
            throw new ArgumentException($"{what} {activation} needs an explicit {name} (it has no default).");
        return fallback ?? 0f;
    }
}
