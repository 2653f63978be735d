using System.Globalization;

namespace Recurrent.Aot.Cli;

/// <summary>Human-readable names for a model's architecture.</summary>
internal static class ModelDescription
{
    public static string KindName(CellKind kind) => kind switch
    {
        CellKind.Lstm => "LSTM",
        CellKind.Gru => "GRU",
        _ => "RNN",
    };

    /// <summary>For example "LSTM 2 layers x 16 (input 4) + head 1".</summary>
    public static string Short(ModelSpec spec)
    {
        CellSpec cell = spec.Cell;
        string layers = spec.Layers == 1 ? "1 layer" : $"{spec.Layers} layers";
        string directions = spec.Bidirectional ? " bidirectional" : "";
        string projection = cell.ProjSize > 0 ? $" proj {cell.ProjSize}" : "";
        string head = spec.Head is { } h ? $" + head {h.OutputSize}" : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{KindName(cell.Kind)}{directions} {layers} x {cell.HiddenSize}{projection} (input {cell.InputSize}){head}");
    }

    public static string ActivationName(Activation activation) => activation switch
    {
        Activation.Sigmoid => "sigmoid",
        Activation.HardSigmoid => "hard_sigmoid",
        Activation.Tanh => "tanh",
        _ => "relu",
    };

    public static string HeadActivationName(HeadActivation activation) => activation switch
    {
        HeadActivation.Sigmoid => "sigmoid",
        HeadActivation.Softmax => "softmax",
        _ => "none",
    };
}
