using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using Recurrent.Aot.IO;
using Recurrent.Aot.Loading;

namespace Recurrent.Aot.Interop.Onnx;

/// <summary>
/// Writes a model (a safetensors file the runtime loads) as an ONNX graph (opset 14) that ONNX Runtime runs: one
/// LSTM/GRU/RNN node per layer with its options (direction, activations with α/β, clip, input_forget,
/// linear_before_reset, peepholes), the exporters' Transpose + Reshape glue between layers, a learned initial state as
/// initializers expanded to the batch, and the dense head as MatMul + Add (+ Sigmoid/Softmax).
/// Graph: input (seq, batch, X) → output (seq, batch, outputs), h_n (layers·D, batch, H), c_n for an LSTM.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX opset the graph imports.</summary>
    public const int Opset = 14;

    /// <summary>Reads the module's weights (the runtime's own reader) and returns the ONNX model.</summary>
    /// <exception cref="ModelImportException">The file is not a model, or the model has what ONNX cannot say (a projection).</exception>
    public static ModelProto Export(SafeTensorsFile file, string? module = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ModelSpec spec;
        CellWeights[] weights;
        HeadWeights? head;
        try
        {
            (spec, weights, head) = new ModelReader(file, new ModelLoadOptions { Module = module }).Read();
            _ = RecurrentModel.Create(spec, weights, head);
        }
        catch (WeightsFormatException e)
        {
            throw new ModelImportException(e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new ModelImportException(e.Message, e);
        }

        return Export(spec, weights, head);
    }

    /// <summary>The ONNX model of a spec and its weights (layer 0 forward, layer 0 reverse, layer 1 forward, ...).</summary>
    public static ModelProto Export(ModelSpec spec, IReadOnlyList<CellWeights> weights, HeadWeights? head)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        CellSpec cell = spec.Cell;
        if (cell.ProjSize > 0)
            throw new ModelImportException($"The model has an LSTM projection (proj_size {cell.ProjSize}, weight_hr): ONNX's LSTM has none, so it cannot be exported.");

        var graph = new GraphProto { Name = "recurrent" };
        string op = cell.Kind switch { CellKind.Lstm => "LSTM", CellKind.Gru => "GRU", _ => "RNN" };
        int directions = spec.Directions, hidden = cell.HiddenSize;
        string direction = spec.Bidirectional ? "bidirectional" : spec.Reverse ? "reverse" : "forward";
        graph.Input.Add(Value("input", ["seq", "batch", cell.InputSize]));
        graph.Initializer.Add(Ints("flat_shape", [0, 0, -1]));
        bool learned = weights[0].InitialHidden is not null;
        if (learned)
            AddBatchShape(graph, directions, hidden);

        string x = "input";
        var hs = new List<string>();
        var cs = new List<string>();
        for (int layer = 0; layer < spec.Layers; layer++)
        {
            string p = $"l{layer}_";
            CellSpec layerCell = spec.LayerCell(layer);
            IReadOnlyList<CellWeights> cells = [.. Enumerable.Range(0, directions).Select(d => weights[layer * directions + d])];
            int[] order = cell.Kind switch { CellKind.Lstm => GateBlocks.TorchLstmToOnnx, CellKind.Gru => GateBlocks.GruSwap, _ => [0] };
            graph.Initializer.Add(Floats(p + "W", [directions, layerCell.GateCount * hidden, layerCell.InputSize], cells.SelectMany(c => GateBlocks.Reorder(c.WeightIh, hidden * layerCell.InputSize, order))));
            graph.Initializer.Add(Floats(p + "R", [directions, layerCell.GateCount * hidden, hidden], cells.SelectMany(c => GateBlocks.Reorder(c.WeightHh, hidden * hidden, order))));
            var inputs = new List<string> { x, p + "W", p + "R", "", "", "" };
            if (cell.HasBias)
            {
                graph.Initializer.Add(Floats(p + "B", [directions, 2 * layerCell.GateCount * hidden],
                    cells.SelectMany(c => GateBlocks.Reorder(c.BiasIh, hidden, order).Concat(GateBlocks.Reorder(c.BiasHh, hidden, order)))));
                inputs[3] = p + "B";
            }

            if (learned)
            {
                graph.Initializer.Add(Floats(p + "h0_one", [directions, 1, hidden], cells.SelectMany(c => c.InitialHidden!)));
                graph.Node.Add(Node("Expand", [p + "h0_one", "state_shape"], [p + "h0"], p + "expand_h0"));
                inputs[5] = p + "h0";
            }

            if (cell.Kind == CellKind.Lstm)
            {
                inputs.Add("");
                inputs.Add("");
                if (learned)
                {
                    graph.Initializer.Add(Floats(p + "c0_one", [directions, 1, hidden], cells.SelectMany(c => c.InitialCell!)));
                    graph.Node.Add(Node("Expand", [p + "c0_one", "state_shape"], [p + "c0"], p + "expand_c0"));
                    inputs[6] = p + "c0";
                }

                if (cell.Peepholes)
                {
                    graph.Initializer.Add(Floats(p + "P", [directions, 3 * hidden], cells.SelectMany(c => GateBlocks.Reorder(c.Peepholes, hidden, GateBlocks.PeepholeSwap))));
                    inputs[7] = p + "P";
                }
            }

            while (inputs[^1].Length == 0)
                inputs.RemoveAt(inputs.Count - 1);
            List<string> outputs = [p + "Y", p + "Y_h"];
            if (cell.Kind == CellKind.Lstm)
                outputs.Add(p + "Y_c");
            NodeProto node = Node(op, inputs, outputs, p + op.ToLowerInvariant());
            AddAttributes(node, spec, direction);
            graph.Node.Add(node);
            graph.Node.Add(Node("Transpose", [p + "Y"], [p + "Yt"], p + "transpose", ("perm", [0, 2, 1, 3])));
            graph.Node.Add(Node("Reshape", [p + "Yt", "flat_shape"], [p + "out"], p + "reshape"));
            x = p + "out";
            hs.Add(p + "Y_h");
            cs.Add(p + "Y_c");
        }

        int features = directions * hidden;
        string output = x;
        int width = features;
        if (spec.Head is { } headSpec && head is not null)
        {
            graph.Initializer.Add(Floats("fc_weight_t", [features, headSpec.OutputSize], Transpose(head.Weight, headSpec.OutputSize, features)));
            graph.Node.Add(Node("MatMul", [output, "fc_weight_t"], ["fc_matmul"], "fc_matmul"));
            output = "fc_matmul";
            if (head.Bias is not null)
            {
                graph.Initializer.Add(Floats("fc_bias", [headSpec.OutputSize], head.Bias));
                graph.Node.Add(Node("Add", [output, "fc_bias"], ["fc_add"], "fc_add"));
                output = "fc_add";
            }

            if (headSpec.Activation != HeadActivation.None)
            {
                NodeProto activation = Node(headSpec.Activation == HeadActivation.Sigmoid ? "Sigmoid" : "Softmax", [output], ["fc_activation"], "fc_activation");
                if (headSpec.Activation == HeadActivation.Softmax)
                    activation.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 });
                graph.Node.Add(activation);
                output = "fc_activation";
            }

            width = headSpec.OutputSize;
        }

        graph.Node.Add(Node("Identity", [output], ["output"], "output"));
        graph.Node.Add(Node("Concat", hs, ["h_n"], "h_n", ("axis", [0])));
        graph.Output.Add(Value("output", ["seq", "batch", width]));
        graph.Output.Add(Value("h_n", [spec.Layers * directions, "batch", hidden]));
        if (cell.Kind == CellKind.Lstm)
        {
            graph.Node.Add(Node("Concat", cs, ["c_n"], "c_n", ("axis", [0])));
            graph.Output.Add(Value("c_n", [spec.Layers * directions, "batch", hidden]));
        }

        var model = new ModelProto
        {
            IrVersion = 7,
            ProducerName = "Recurrent.Aot",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    /// <summary>Writes the model's protobuf bytes.</summary>
    public static void Save(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        File.WriteAllBytes(path, model.ToByteArray());
    }

    private static void AddAttributes(NodeProto node, ModelSpec spec, string direction)
    {
        CellSpec cell = spec.Cell;
        node.Attribute.Add(new AttributeProto { Name = "hidden_size", Type = AttributeProto.Types.AttributeType.Int, I = cell.HiddenSize });
        node.Attribute.Add(new AttributeProto { Name = "direction", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(direction) });
        List<(Activation Kind, ActivationParameters Parameters)> list = cell.Kind switch
        {
            CellKind.Lstm => [(cell.GateActivation, cell.GateParameters), (cell.CandidateActivation, cell.CandidateParameters), (cell.CellActivation, cell.CellParameters)],
            CellKind.Gru => [(cell.GateActivation, cell.GateParameters), (cell.CandidateActivation, cell.CandidateParameters)],
            _ => [(cell.CandidateActivation, cell.CandidateParameters)],
        };
        var names = new AttributeProto { Name = "activations", Type = AttributeProto.Types.AttributeType.Strings };
        var alphas = new AttributeProto { Name = "activation_alpha", Type = AttributeProto.Types.AttributeType.Floats };
        var betas = new AttributeProto { Name = "activation_beta", Type = AttributeProto.Types.AttributeType.Floats };
        for (int d = 0; d < spec.Directions; d++)
        {
            foreach ((Activation kind, ActivationParameters parameters) in list)
            {
                names.Strings.Add(ByteString.CopyFromUtf8(OnnxActivations.Name(kind)));
                // Every α/β is written, defaults too: ONNX Runtime's own defaults differ from ONNX's for some (ThresholdedRelu).
                if (ActivationParameters.TakesAlpha(kind))
                    alphas.Floats.Add(parameters.Alpha);
                if (ActivationParameters.TakesBeta(kind))
                    betas.Floats.Add(parameters.Beta);
            }
        }

        node.Attribute.Add(names);
        if (alphas.Floats.Count > 0)
            node.Attribute.Add(alphas);
        if (betas.Floats.Count > 0)
            node.Attribute.Add(betas);
        if (cell.Clip is float clip)
            node.Attribute.Add(new AttributeProto { Name = "clip", Type = AttributeProto.Types.AttributeType.Float, F = clip });
        if (cell.Kind == CellKind.Lstm && cell.InputForget)
            node.Attribute.Add(new AttributeProto { Name = "input_forget", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        if (cell.Kind == CellKind.Gru)
            node.Attribute.Add(new AttributeProto { Name = "linear_before_reset", Type = AttributeProto.Types.AttributeType.Int, I = cell.GruReset == GruResetMode.AfterMatmul ? 1 : 0 });
    }

    /// <summary>state_shape = (D, batch, H) with the batch read from the input, for expanding a learned (D, 1, H) state.</summary>
    private static void AddBatchShape(GraphProto graph, int directions, int hidden)
    {
        graph.Initializer.Add(Ints("batch_index", [1]));
        graph.Initializer.Add(Ints("state_directions", [directions]));
        graph.Initializer.Add(Ints("state_hidden", [hidden]));
        graph.Node.Add(Node("Shape", ["input"], ["input_shape"], "input_shape"));
        graph.Node.Add(Node("Gather", ["input_shape", "batch_index"], ["batch_size"], "batch_size"));
        graph.Node.Add(Node("Concat", ["state_directions", "batch_size", "state_hidden"], ["state_shape"], "state_shape", ("axis", [0])));
    }

    private static NodeProto Node(string op, IEnumerable<string> inputs, IEnumerable<string> outputs, string name, (string Name, long[] Values)? ints = null)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        if (ints is { } attribute)
        {
            node.Attribute.Add(attribute.Values.Length == 1 && attribute.Name == "axis"
                ? new AttributeProto { Name = attribute.Name, Type = AttributeProto.Types.AttributeType.Int, I = attribute.Values[0] }
                : new AttributeProto { Name = attribute.Name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { attribute.Values } });
        }

        return node;
    }

    private static TensorProto Floats(string name, long[] dims, IEnumerable<float> values)
    {
        float[] data = [.. values];
        return new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            Dims = { dims },
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())),
        };
    }

    private static TensorProto Ints(string name, long[] values)
        => new() { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { values.Length }, Int64Data = { values } };

    private static ValueInfoProto Value(string name, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
        {
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
                result[c * rows + r] = matrix[r * columns + c];
        }

        return result;
    }
}
