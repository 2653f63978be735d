using Onnx;

namespace Recurrent.Aot.Interop.Onnx;

/// <summary>
/// Reads one ONNX LSTM/GRU/RNN node (opset 7+): attributes, W/R/B/P initializers converted to PyTorch layout and gate
/// order (LSTM i,o,f,c → i,f,g,o; GRU z,r,h → r,z,n; B = [Wb; Rb] → bias_ih, bias_hh; P i,o,f → i,f,o),
/// initial_h/initial_c initializers as the learned initial state, and sequence_lens.
/// </summary>
internal sealed class OnnxLayerReader(OnnxGraph graph, long? sequenceLength)
{
    public OnnxLayer Read(NodeProto node)
    {
        string what = OnnxGraph.Describe(node);
        CellKind kind = node.OpType switch { "LSTM" => CellKind.Lstm, "GRU" => CellKind.Gru, _ => CellKind.Rnn };
        int gates = CellSpec.GateCountOf(kind);
        string direction = OnnxAttributes.Text(node, "direction") ?? "forward";
        if (direction is not ("forward" or "reverse" or "bidirectional"))
            throw new ModelImportException($"{what} has direction '{direction}': expected forward, reverse or bidirectional.");
        int directions = direction == "bidirectional" ? 2 : 1;
        long layout = OnnxAttributes.Int(node, "layout", 0);
        if (layout is not (0 or 1))
            throw new ModelImportException($"{what} has layout {layout}: expected 0 (sequence first) or 1 (batch first).");

        float[] w = Weight(node, 1, "W", out long[] wShape);
        float[] r = Weight(node, 2, "R", out long[] rShape);
        if (wShape.Length != 3 || rShape.Length != 3 || wShape[0] != directions || rShape[0] != directions || rShape[1] % gates != 0 || rShape[1] / gates != rShape[2] || wShape[1] != rShape[1])
        {
            throw new ModelImportException($"{what}: W has shape {OnnxTensors.ShapeText(wShape)} and R {OnnxTensors.ShapeText(rShape)}: expected W ({directions}, {gates}·H, input) and R ({directions}, {gates}·H, H) for a {direction} {node.OpType}.");
        }

        int hidden = checked((int)rShape[2]);
        int inputSize = checked((int)wShape[2]);
        long declared = OnnxAttributes.Int(node, "hidden_size", hidden);
        if (declared != hidden || hidden < 1 || inputSize < 1)
            throw new ModelImportException($"{what} has hidden_size {declared} but R has shape {OnnxTensors.ShapeText(rShape)} (hidden size {hidden}) and W input size {inputSize}: they must agree and be positive.");

        float[]? b = Optional(node, 3, "B", [directions, 2L * gates * hidden]);
        float[]? p = kind == CellKind.Lstm ? Optional(node, 7, "P", [directions, 3L * hidden]) : null;
        CheckSequenceLengths(node, what);
        float[]? h0 = InitialState(node, 5, "initial_h", directions, hidden, layout);
        float[]? c0 = kind == CellKind.Lstm ? InitialState(node, 6, "initial_c", directions, hidden, layout) : null;
        if (kind == CellKind.Lstm && (h0 is null) != (c0 is null))
        {
            // A learned state needs both; the missing one is zeros, as ONNX takes an absent initial state.
            h0 ??= new float[directions * hidden];
            c0 ??= new float[directions * hidden];
        }

        int[] order = kind switch { CellKind.Lstm => GateBlocks.OnnxLstmToTorch, CellKind.Gru => GateBlocks.GruSwap, _ => [0] };
        var cells = new CellWeights[directions];
        int gateRows = gates * hidden;
        for (int d = 0; d < directions; d++)
        {
            cells[d] = new CellWeights
            {
                WeightIh = GateBlocks.Reorder(w.AsSpan(d * gateRows * inputSize, gateRows * inputSize), hidden * inputSize, order),
                WeightHh = GateBlocks.Reorder(r.AsSpan(d * gateRows * hidden, gateRows * hidden), hidden * hidden, order),
                BiasIh = b is null ? null : GateBlocks.Reorder(b.AsSpan(d * 2 * gateRows, gateRows), hidden, order),
                BiasHh = b is null ? null : GateBlocks.Reorder(b.AsSpan(d * 2 * gateRows + gateRows, gateRows), hidden, order),
                Peepholes = p is null ? null : GateBlocks.Reorder(p.AsSpan(d * 3 * hidden, 3 * hidden), hidden, GateBlocks.PeepholeSwap),
                InitialHidden = h0?.AsSpan(d * hidden, hidden).ToArray(),
                InitialCell = c0?.AsSpan(d * hidden, hidden).ToArray(),
            };
        }

        float? clip = OnnxAttributes.Float(node, "clip");
        if (clip is float c && !(c > 0 && float.IsFinite(c)))
            throw new ModelImportException($"{what} has clip {c}: expected a positive number.");
        long inputForget = kind == CellKind.Lstm ? OnnxAttributes.Int(node, "input_forget", 0) : 0;
        long linearBeforeReset = kind == CellKind.Gru ? OnnxAttributes.Int(node, "linear_before_reset", 0) : 0;
        return new OnnxLayer
        {
            Node = node,
            Kind = kind,
            Direction = direction,
            HiddenSize = hidden,
            InputSize = inputSize,
            Layout = layout,
            Activations = OnnxActivations.Read(node, directions),
            Clip = clip,
            InputForget = inputForget != 0,
            LinearBeforeReset = linearBeforeReset != 0,
            Cells = cells,
        };
    }

    private static string Input(NodeProto node, int index) => index < node.Input.Count ? node.Input[index] : "";

    private float[] Weight(NodeProto node, int index, string name, out long[] shape)
    {
        string input = Input(node, index);
        if (input.Length == 0)
            throw new ModelImportException($"{OnnxGraph.Describe(node)} has no {name} input: the weights are required.");
        TensorProto tensor = Constant(node, input, name);
        shape = OnnxTensors.Shape(tensor);
        return OnnxTensors.Floats(tensor, $"{name} ('{input}') of {OnnxGraph.Describe(node)}");
    }

    private float[]? Optional(NodeProto node, int index, string name, long[] expected)
    {
        string input = Input(node, index);
        if (input.Length == 0)
            return null;
        TensorProto tensor = Constant(node, input, name);
        long[] shape = OnnxTensors.Shape(tensor);
        if (!shape.SequenceEqual(expected))
            throw new ModelImportException($"{name} ('{input}') of {OnnxGraph.Describe(node)} has shape {OnnxTensors.ShapeText(shape)}: expected {OnnxTensors.ShapeText(expected)}.");
        return OnnxTensors.Floats(tensor, $"{name} ('{input}') of {OnnxGraph.Describe(node)}");
    }

    private TensorProto Constant(NodeProto node, string input, string name)
    {
        if (graph.TryConstant(input, out TensorProto tensor))
            return tensor;
        string source = graph.Producer(input) is { } producer ? "computed by " + OnnxGraph.Describe(producer) : graph.Inputs.Contains(input) ? "a graph input" : "defined nowhere in the graph";
        throw new ModelImportException($"{name} of {OnnxGraph.Describe(node)} ('{input}') is {source}: expected an initializer holding the weights.");
    }

    /// <summary>
    /// A graph input (the caller's per-run state: fine), zeros (none), or a constant learned state, the same for every
    /// stream of the batch: returned per direction (D·H floats).
    /// </summary>
    private float[]? InitialState(NodeProto node, int index, string name, int directions, int hidden, long layout)
    {
        string input = Input(node, index);
        if (input.Length == 0 || IsCallerValue(input) || IsZeros(input))
            return null;
        TensorProto tensor = Constant(node, Broadcast(input), name);
        long[] shape = OnnxTensors.Shape(tensor);
        long batch = shape.Length == 3 ? shape[layout == 0 ? 1 : 0] : -1;
        long dirs = shape.Length == 3 ? shape[layout == 0 ? 0 : 1] : -1;
        if (shape.Length != 3 || dirs != directions || shape[2] != hidden || batch < 1)
            throw new ModelImportException($"{name} ('{input}') of {OnnxGraph.Describe(node)} has shape {OnnxTensors.ShapeText(shape)}: expected {(layout == 0 ? $"({directions}, batch, {hidden})" : $"(batch, {directions}, {hidden})")}.");
        float[] values = OnnxTensors.Floats(tensor, $"{name} ('{input}') of {OnnxGraph.Describe(node)}");
        var state = new float[directions * hidden];
        for (int d = 0; d < directions; d++)
        {
            for (long s = 0; s < batch; s++)
            {
                for (int j = 0; j < hidden; j++)
                {
                    long at = layout == 0 ? (d * batch + s) * hidden + j : (s * directions + d) * hidden + j;
                    if (s == 0)
                        state[d * hidden + j] = values[at];
                    else if (values[at] != state[d * hidden + j])
                        throw new ModelImportException($"{name} ('{input}') of {OnnxGraph.Describe(node)} differs between streams of the batch: a model's learned initial state is one vector per layer and direction (pass per-stream states at run time instead).");
                }
            }
        }

        return state.All(v => v == 0f) ? null : state;
    }

    /// <summary>A state expanded to the batch (Expand of a (D, 1, H) constant, as the exporter writes it): the constant's name.</summary>
    private string Broadcast(string value)
    {
        for (int depth = 0; depth < 16 && !graph.TryConstant(value, out _); depth++)
        {
            if (graph.Producer(value) is not { } producer || producer.Input.Count == 0 || producer.OpType is not ("Expand" or "Identity" or "Cast"))
                break;
            value = producer.Input[0];
        }

        return value;
    }

    /// <summary>True when the value comes from a graph input (through shape-only ops): the caller supplies it each run.</summary>
    private bool IsCallerValue(string value)
    {
        for (int depth = 0; depth < 16; depth++)
        {
            if (graph.Inputs.Contains(value))
                return true;
            if (graph.TryConstant(value, out _) || graph.Producer(value) is not { } producer || producer.Input.Count == 0
                || producer.OpType is not ("Identity" or "Slice" or "Gather" or "Squeeze" or "Unsqueeze" or "Reshape" or "Expand" or "Cast" or "Transpose"))
                return false;
            value = producer.Input[0];
        }

        return false;
    }

    /// <summary>True for the zero state exporters build: an all-zero constant, maybe expanded or reshaped, or ConstantOfShape of 0.</summary>
    private bool IsZeros(string value)
    {
        for (int depth = 0; depth < 16; depth++)
        {
            if (graph.TryConstant(value, out TensorProto tensor))
                return tensor.DataType is (int)TensorProto.Types.DataType.Float or (int)TensorProto.Types.DataType.Double or (int)TensorProto.Types.DataType.Float16
                    && OnnxTensors.Floats(tensor, $"'{value}'").All(v => v == 0f);
            if (graph.Producer(value) is not { } producer)
                return false;
            if (producer.OpType == "ConstantOfShape")
            {
                TensorProto? fill = OnnxAttributes.Find(producer, "value")?.T;
                return fill is null || OnnxTensors.Floats(fill, $"value of {OnnxGraph.Describe(producer)}").All(v => v == 0f);
            }

            if (producer.Input.Count == 0 || producer.OpType is not ("Identity" or "Expand" or "Reshape" or "Squeeze" or "Unsqueeze" or "Cast" or "Slice" or "Gather" or "Tile" or "Transpose"))
                return false;
            value = producer.Input[0];
        }

        return false;
    }

    /// <summary>
    /// sequence_lens as a graph input is the caller's per-stream lengths (RecurrentModel.RunBatch takes them); as a
    /// constant it must say every stream runs the whole sequence, since a model file holds no lengths.
    /// </summary>
    private void CheckSequenceLengths(NodeProto node, string what)
    {
        string input = Input(node, 4);
        if (input.Length == 0 || IsCallerValue(input))
            return;
        if (!graph.TryConstant(input, out TensorProto tensor))
            throw new ModelImportException($"sequence_lens of {what} ('{input}') is computed inside the graph: expected a graph input (the caller's per-stream lengths) or a constant equal to the sequence length.");
        long[] lengths = OnnxTensors.Integers(tensor, $"sequence_lens ('{input}') of {what}");
        if (sequenceLength is not long length || lengths.Any(l => l != length))
        {
            string expected = sequenceLength is long t ? $"every length {t} (the input's sequence length)" : "a graph input (the input's sequence length is not fixed)";
            throw new ModelImportException($"sequence_lens of {what} ('{input}') is the constant [{string.Join(", ", lengths)}]: a model file holds no per-stream lengths, so expected {expected}; pass per-stream lengths at run time (RecurrentModel.RunBatch lengths).");
        }
    }
}
