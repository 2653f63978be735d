using System;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>The generator's enums and the architecture rules' tokens (the metadata's own spellings), both ways.</summary>
internal static class Tokens
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
        _ => "rnn",
    };

    public static ActivationKind Activation(string token) => token switch
    {
        "sigmoid" => ActivationKind.Sigmoid,
        "hard_sigmoid" => ActivationKind.HardSigmoid,
        "tanh" => ActivationKind.Tanh,
        "relu" => ActivationKind.Relu,
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, "Expected sigmoid, hard_sigmoid, tanh or relu."),
    };

    public static string Token(ActivationKind activation) => activation switch
    {
        ActivationKind.Sigmoid => "sigmoid",
        ActivationKind.HardSigmoid => "hard_sigmoid",
        ActivationKind.Tanh => "tanh",
        _ => "relu",
    };

    public static GruResetMode GruReset(string token) => token == "before" ? GruResetMode.BeforeMatmul : GruResetMode.AfterMatmul;

    public static string Token(GruResetMode reset) => reset == GruResetMode.BeforeMatmul ? "before" : "after";

    public static HeadActivationKind HeadActivation(string token) => token switch
    {
        "sigmoid" => HeadActivationKind.Sigmoid,
        "softmax" => HeadActivationKind.Softmax,
        _ => HeadActivationKind.None,
    };

    public static string Token(HeadActivationKind activation) => activation switch
    {
        HeadActivationKind.Sigmoid => "sigmoid",
        HeadActivationKind.Softmax => "softmax",
        _ => "none",
    };
}
