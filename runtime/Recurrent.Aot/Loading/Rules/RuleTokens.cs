using System;

namespace Recurrent.Aot.Loading.Rules;

/// <summary>
/// The model enums and the architecture rules' tokens (the metadata's own spellings, docs/file-format.md), both ways.
/// The generator compiles this file and the enums too, so a token means the same value at compile time and at run time.
/// </summary>
internal static class RuleTokens
{
    public static CellKind Cell(string token) => token switch
    {
        "lstm" => CellKind.Lstm,
        "gru" => CellKind.Gru,
        "rnn" => CellKind.Rnn,
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, "Expected lstm, gru or rnn."),
    };

    public static string Token(CellKind kind) => kind switch
    {
        CellKind.Lstm => "lstm",
        CellKind.Gru => "gru",
        CellKind.Rnn => "rnn",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected Lstm, Gru or Rnn."),
    };

    private static readonly (string Token, Activation Value)[] Activations =
    [
        ("sigmoid", Aot.Activation.Sigmoid), ("hard_sigmoid", Aot.Activation.HardSigmoid), ("tanh", Aot.Activation.Tanh),
        ("relu", Aot.Activation.Relu), ("affine", Aot.Activation.Affine), ("leaky_relu", Aot.Activation.LeakyRelu),
        ("thresholded_relu", Aot.Activation.ThresholdedRelu), ("scaled_tanh", Aot.Activation.ScaledTanh), ("elu", Aot.Activation.Elu),
        ("softsign", Aot.Activation.Softsign), ("softplus", Aot.Activation.Softplus),
    ];

    public static Activation Activation(string token)
    {
        foreach ((string name, Activation value) in Activations)
        {
            if (name == token)
                return value;
        }

        throw new ArgumentOutOfRangeException(nameof(token), token, "Expected one of " + IO.RecurrentMetadataKeys.Accepted.Activations + ".");
    }

    public static string Token(Activation activation)
    {
        foreach ((string name, Activation value) in Activations)
        {
            if (value == activation)
                return name;
        }

        throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected a defined Activation value.");
    }

    public static GruResetMode GruReset(string token) => token == "before" ? GruResetMode.BeforeMatmul : GruResetMode.AfterMatmul;

    public static string Token(GruResetMode reset) => reset == GruResetMode.BeforeMatmul ? "before" : "after";

    public static HeadActivation HeadActivation(string token) => token switch
    {
        "sigmoid" => Aot.HeadActivation.Sigmoid,
        "softmax" => Aot.HeadActivation.Softmax,
        _ => Aot.HeadActivation.None,
    };

    public static string Token(HeadActivation activation) => activation switch
    {
        Aot.HeadActivation.Sigmoid => "sigmoid",
        Aot.HeadActivation.Softmax => "softmax",
        _ => "none",
    };
}
