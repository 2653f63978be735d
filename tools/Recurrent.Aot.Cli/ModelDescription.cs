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
        string directions = spec.Bidirectional ? " bidirectional" : spec.Reverse ? " reverse" : "";
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
        Activation.Relu => "relu",
        Activation.Affine => "affine",
        Activation.LeakyRelu => "leaky_relu",
        Activation.ThresholdedRelu => "thresholded_relu",
        Activation.ScaledTanh => "scaled_tanh",
        Activation.Elu => "elu",
        Activation.Softsign => "softsign",
        _ => "softplus",
    };

    /// <summary>The name with α and β where the activation takes them: <c>hard_sigmoid(α 0.2, β 0.5)</c>.</summary>
    public static string ActivationText(Activation activation, ActivationParameters parameters)
    {
        string name = ActivationName(activation);
        if (!ActivationParameters.TakesAlpha(activation))
            return name;
        string alpha = parameters.Alpha.ToString(CultureInfo.InvariantCulture);
        return ActivationParameters.TakesBeta(activation)
            ? $"{name}(α {alpha}, β {parameters.Beta.ToString(CultureInfo.InvariantCulture)})"
            : $"{name}(α {alpha})";
    }

    public static string HeadActivationName(HeadActivation activation) => activation switch
    {
        HeadActivation.Sigmoid => "sigmoid",
        HeadActivation.Softmax => "softmax",
        _ => "none",
    };
}
