using Onnx;

namespace Recurrent.Aot.Interop.Onnx;

/// <summary>One ONNX LSTM/GRU/RNN node read into the runtime's terms: options, and the weights of each direction in PyTorch layout.</summary>
internal sealed class OnnxLayer
{
    public required NodeProto Node { get; init; }

    public required CellKind Kind { get; init; }

    /// <summary><c>forward</c>, <c>reverse</c> or <c>bidirectional</c>.</summary>
    public required string Direction { get; init; }

    public int Directions => Direction == "bidirectional" ? 2 : 1;

    public required int HiddenSize { get; init; }

    public required int InputSize { get; init; }

    /// <summary>1 when X and Y are batch-major (ONNX <c>layout = 1</c>).</summary>
    public required long Layout { get; init; }

    public required NodeActivation[] Activations { get; init; }

    public required float? Clip { get; init; }

    public required bool InputForget { get; init; }

    public required bool LinearBeforeReset { get; init; }

    /// <summary>Per direction, PyTorch layout and gate order; initial state filled when the node has a learned one.</summary>
    public required CellWeights[] Cells { get; init; }

    public string Describe() => OnnxGraph.Describe(Node);

    /// <summary>The options every layer of one model must share, as text for a message.</summary>
    public string Options()
        => $"direction {Direction}, hidden_size {HiddenSize}, activations {string.Join(", ", Activations.Select(a => a.Text))}, clip {(Clip?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")}, "
           + $"input_forget {(InputForget ? 1 : 0)}, linear_before_reset {(LinearBeforeReset ? 1 : 0)}, layout {Layout}, bias {(Cells[0].BiasIh is null ? "no" : "yes")}, peepholes {(Cells[0].Peepholes is null ? "no" : "yes")}";
}
