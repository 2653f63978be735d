using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Interop;

namespace Recurrent.Aot.Benchmarks.Anchors;

/// <summary>
/// The seeded benchmark models as ONNX Runtime runs them best: one bare ONNX LSTM/GRU node (opset 14, gates
/// reordered from PyTorch's, B = [Wb; Rb], linear_before_reset = 1 for PyTorch's GRU) whose start state is a graph
/// input, so a stream can feed each step's state back, and with no glue nodes around it to cost ORT time.
/// Inputs X (seq, 1, X), initial_h (1, 1, H)[, initial_c]; outputs Y (seq, 1, 1, H), Y_h[, Y_c].
/// </summary>
public static class AnchorModels
{
    public static byte[] Onnx(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ModelShape.RequireSingleLayer(shape, $"{nameof(AnchorModels)}.{nameof(Onnx)}");
        CellWeights weights = SeededWeights.For(shape);
        bool lstm = shape.Kind == CellKind.Lstm;
        int hidden = shape.HiddenSize, gates = shape.GateCount;
        int[] order = lstm ? GateBlocks.TorchLstmToOnnx : GateBlocks.GruSwap;

        var graph = new GraphProto { Name = "anchor" };
        graph.Input.Add(Value("X", "seq", 1, shape.InputSize));
        graph.Input.Add(Value("initial_h", 1, 1, hidden));
        graph.Initializer.Add(Floats("W", [1, gates * hidden, shape.InputSize], GateBlocks.Reorder(weights.WeightIh, hidden * shape.InputSize, order)));
        graph.Initializer.Add(Floats("R", [1, gates * hidden, hidden], GateBlocks.Reorder(weights.WeightHh, hidden * hidden, order)));
        graph.Initializer.Add(Floats("B", [1, 2 * gates * hidden], [.. GateBlocks.Reorder(weights.BiasIh, hidden, order), .. GateBlocks.Reorder(weights.BiasHh, hidden, order)]));
        var node = new NodeProto { OpType = lstm ? "LSTM" : "GRU", Name = "cell" };
        node.Input.AddRange(["X", "W", "R", "B", "", "initial_h"]);
        node.Output.AddRange(["Y", "Y_h"]);
        graph.Output.Add(Value("Y", "seq", 1, 1, hidden));
        graph.Output.Add(Value("Y_h", 1, 1, hidden));
        if (lstm)
        {
            graph.Input.Add(Value("initial_c", 1, 1, hidden));
            node.Input.Add("initial_c");
            node.Output.Add("Y_c");
            graph.Output.Add(Value("Y_c", 1, 1, hidden));
        }
        else
        {
            node.Attribute.Add(new AttributeProto { Name = "linear_before_reset", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        }

        node.Attribute.Add(new AttributeProto { Name = "hidden_size", Type = AttributeProto.Types.AttributeType.Int, I = hidden });
        graph.Node.Add(node);
        var model = new ModelProto { IrVersion = 7, ProducerName = "Recurrent.Aot.Benchmarks", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 14 });
        return model.ToByteArray();
    }

    private static TensorProto Floats(string name, long[] dims, float[] data) => new()
    {
        Name = name,
        DataType = (int)TensorProto.Types.DataType.Float,
        Dims = { dims },
        RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())),
    };

    private static ValueInfoProto Value(string name, params object[] dims)
    {
        var tensorShape = new TensorShapeProto();
        foreach (object dim in dims)
        {
            tensorShape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol } : new TensorShapeProto.Types.Dimension { DimValue = (int)dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } },
        };
    }
}
