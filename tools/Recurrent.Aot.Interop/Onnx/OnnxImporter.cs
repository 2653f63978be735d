using Google.Protobuf;
using Onnx;

namespace Recurrent.Aot.Interop.Onnx;

/// <summary>
/// Imports an ONNX graph whose recurrent part is LSTM, GRU or RNN nodes (opset 7+), as torch.onnx.export, tf2onnx and
/// hand-built graphs write them: one chain input → [glue] → layer → [glue] → layer ... → [MatMul/Gemm (+Add)
/// (+Sigmoid/Softmax)] → output, where glue is the Transpose/Squeeze/Unsqueeze/Reshape/Identity exporters put between
/// layers, plus the shape and constant computations beside the chain. Anything else is a
/// <see cref="ModelImportException"/> naming the node, its op type and why.
/// </summary>
public static class OnnxImporter
{
    private static readonly HashSet<string> Recurrent = ["LSTM", "GRU", "RNN"];

    /// <summary>Ops that only move data between layers (the data enters at input 0).</summary>
    private static readonly HashSet<string> Glue = ["Transpose", "Squeeze", "Unsqueeze", "Reshape", "Identity", "Flatten", "Cast"];

    /// <summary>Ops that may sit beside the chain: constants, shapes, and the h_n/c_n outputs' assembly.</summary>
    private static readonly HashSet<string> Structural =
        ["Constant", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "ConstantOfShape", "Expand", "Slice", "Cast", "Reshape", "Identity", "Transpose", "Range", "Tile"];

    /// <summary>Reads and imports an .onnx file.</summary>
    /// <exception cref="ModelImportException">The file is not an ONNX model the importer can represent (the message says why).</exception>
    public static ImportedModel Import(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Import(File.ReadAllBytes(path), Path.GetFileName(path));
    }

    /// <summary>Imports the bytes of an ONNX model; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ModelImportException">The bytes are not an ONNX model the importer can represent (the message says why).</exception>
    public static ImportedModel Import(ReadOnlyMemory<byte> bytes, string source = "the model")
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelImportException($"{source} is not an ONNX model: its protobuf does not parse ({e.Message}).", e);
        }

        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw new ModelImportException($"{source} is not an ONNX model: it holds no graph nodes.");
        long opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset < 7)
            throw new ModelImportException($"{source} imports ai.onnx opset {opset}: expected opset 7 or later (the LSTM/GRU/RNN definitions read here).");

        var graph = new OnnxGraph(model.Graph);
        List<NodeProto> nodes = [.. model.Graph.Node.Where(n => Recurrent.Contains(n.OpType) && n.Domain is "" or "ai.onnx")];
        if (nodes.Count == 0)
            throw new ModelImportException($"{source} has no LSTM, GRU or RNN node: nothing recurrent to import.");
        foreach (NodeProto node in nodes)
        {
            if (node.OpType != nodes[0].OpType)
                throw new ModelImportException($"{OnnxGraph.Describe(node)} follows {OnnxGraph.Describe(nodes[0])}: a model is one kind of cell, every layer LSTM, GRU or RNN.");
        }

        Chain chain = WalkChain(graph, nodes, opset);
        long? seq = SequenceLength(graph, chain);
        var reader = new OnnxLayerReader(graph, seq);
        List<OnnxLayer> layers = [.. chain.Layers.Select(reader.Read)];
        CheckNodesAccountedFor(graph, chain);
        ImportedModel imported = Build(layers, chain);
        imported.Notes["import.format"] = "onnx";
        imported.Notes["import.opset"] = opset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (model.ProducerName.Length > 0)
            imported.Notes["import.producer"] = (model.ProducerName + " " + model.ProducerVersion).Trim();
        return imported;
    }

    private sealed class Chain
    {
        public string Input { get; set; } = "";

        public List<NodeProto> Layers { get; } = [];

        public HashSet<NodeProto> Visited { get; } = [];

        public OnnxHead? Head { get; set; }

        /// <summary>A Transpose(1, 0, 2) before the first layer: the graph takes (batch, seq, features).</summary>
        public bool TransposedInput { get; set; }
    }

    /// <summary>Follows the data from the graph input through every layer to the output, classifying each node met.</summary>
    private static Chain WalkChain(OnnxGraph graph, List<NodeProto> nodes, long opset)
    {
        var chain = new Chain();
        chain.Input = FindChainInput(graph, nodes[0]);
        string value = chain.Input;
        int stage = 0;   // 0 before/between layers, 1 after MatMul/Gemm, 2 after Add, 3 after the head activation
        while (true)
        {
            List<NodeProto> consumers = [.. graph.Consumers(value).Where(n => n.OpType != "Shape" && n.OpType != "Size")];
            if (consumers.Count == 0)
                break;
            if (consumers.Count > 1)
            {
                throw new ModelImportException($"'{value}' feeds {consumers.Count} nodes ({string.Join(", ", consumers.Select(OnnxGraph.Describe))}): the importer follows one chain of layers (a branching graph is not a stacked recurrent model).");
            }

            NodeProto node = consumers[0];
            chain.Visited.Add(node);
            string op = node.OpType;
            if (Recurrent.Contains(op) && node.Domain is "" or "ai.onnx")
            {
                if (stage != 0)
                    throw new ModelImportException($"{OnnxGraph.Describe(node)} follows the dense head: recurrent layers must come before it.");
                if (node.Input.Count == 0 || node.Input[0] != value)
                    throw new ModelImportException($"{OnnxGraph.Describe(node)} takes '{value}' as a weight or state, not as its input X: the importer follows the data through X only.");
                chain.Layers.Add(node);
                value = Output(node, 0, "Y (the sequence output the next layer or the output reads)");
                continue;
            }

            if (Glue.Contains(op))
            {
                if (node.Input[0] != value)
                    throw new ModelImportException($"{OnnxGraph.Describe(node)} takes the recurrent data as a shape or parameter input: expected it at input 0.");
                if (op == "Transpose" && chain.Layers.Count == 0 && OnnxAttributes.Ints(node, "perm") is [1, 0, 2])
                    chain.TransposedInput = true;
                value = Output(node, 0, "its output");
                continue;
            }

            if (chain.Layers.Count > 0 && ReadHeadStep(graph, chain, node, value, ref stage, opset))
            {
                value = Output(node, 0, "its output");
                continue;
            }

            string where = chain.Layers.Count == 0 ? "before the first recurrent layer" : stage == 0 && chain.Layers.Count < nodes.Count ? "between recurrent layers" : "after the last recurrent layer";
            throw new ModelImportException($"{OnnxGraph.Describe(node)} sits {where} and is not something the importer can represent: expected only {string.Join("/", Glue)} glue between layers and a MatMul/Gemm (+Add) (+Sigmoid/Softmax) head after them.");
        }

        foreach (NodeProto node in nodes)
        {
            if (!chain.Layers.Contains(node))
                throw new ModelImportException($"{OnnxGraph.Describe(node)} is not on the chain from '{chain.Input}' through {OnnxGraph.Describe(nodes[0])}: the importer takes one stack of layers, each feeding the next.");
        }

        if (!graph.Outputs.Contains(value))
            throw new ModelImportException($"The chain from '{chain.Input}' ends at '{value}', which is not a graph output: the model's result must be an output of the graph.");
        return chain;
    }

    /// <summary>The graph input the first layer's X comes from, through glue only.</summary>
    private static string FindChainInput(OnnxGraph graph, NodeProto first)
    {
        string value = first.Input.Count > 0 ? first.Input[0] : "";
        for (int depth = 0; depth < 64; depth++)
        {
            if (graph.Inputs.Contains(value))
                return value;
            if (graph.TryConstant(value, out _))
                throw new ModelImportException($"X of {OnnxGraph.Describe(first)} ('{value}') is a constant: expected the graph's input sequence.");
            if (graph.Producer(value) is not { } producer)
                throw new ModelImportException($"X of {OnnxGraph.Describe(first)} ('{value}') is defined nowhere in the graph: expected a graph input.");
            if (!Glue.Contains(producer.OpType) || producer.Input.Count == 0)
                throw new ModelImportException($"{OnnxGraph.Describe(producer)} sits before the first recurrent layer and is not something the importer can represent: expected only {string.Join("/", Glue)} between the graph input and {OnnxGraph.Describe(first)}.");
            value = producer.Input[0];
        }

        throw new ModelImportException($"X of {OnnxGraph.Describe(first)} passes through more than 64 glue nodes: expected a graph input a few reshapes away.");
    }

    private static string Output(NodeProto node, int index, string what)
    {
        if (node.Output.Count <= index || node.Output[index].Length == 0)
            throw new ModelImportException($"{OnnxGraph.Describe(node)} does not produce output {index}, {what}.");
        return node.Output[index];
    }

    /// <summary>One node of the head, in order MatMul/Gemm → Add → Sigmoid/Softmax; false when the node is none of those.</summary>
    private static bool ReadHeadStep(OnnxGraph graph, Chain chain, NodeProto node, string value, ref int stage, long opset)
    {
        switch (node.OpType)
        {
            case "MatMul" when stage == 0:
            {
                TensorProto b = HeadConstant(graph, node, Other(node, value), "the weight");
                long[] shape = OnnxTensors.Shape(b);
                if (node.Input[0] != value || shape.Length != 2)
                    throw new ModelImportException($"{OnnxGraph.Describe(node)} multiplies by a {shape.Length}-D constant or from the left: expected features × weight (F, outputs).");
                float[] weight = OnnxTensors.Floats(b, "the weight of " + OnnxGraph.Describe(node));
                chain.Head = new OnnxHead { Weight = Transpose(weight, (int)shape[0], (int)shape[1]), Outputs = (int)shape[1], Features = (int)shape[0] };
                stage = 1;
                return true;
            }

            case "Gemm" when stage == 0:
            {
                if (node.Input[0] != value || OnnxAttributes.Int(node, "transA", 0) != 0)
                    throw new ModelImportException($"{OnnxGraph.Describe(node)} takes the features as B or transposed (transA): expected Gemm(features, weight, bias).");
                TensorProto b = HeadConstant(graph, node, node.Input.Count > 1 ? node.Input[1] : "", "the weight B");
                long[] shape = OnnxTensors.Shape(b);
                if (shape.Length != 2)
                    throw new ModelImportException($"{OnnxGraph.Describe(node)}: B has shape {OnnxTensors.ShapeText(shape)}: expected a matrix.");
                float alpha = OnnxAttributes.Float(node, "alpha") ?? 1f, beta = OnnxAttributes.Float(node, "beta") ?? 1f;
                float[] weight = OnnxTensors.Floats(b, "B of " + OnnxGraph.Describe(node));
                bool transB = OnnxAttributes.Int(node, "transB", 0) != 0;
                int outputs = (int)(transB ? shape[0] : shape[1]);
                float[] linear = transB ? weight : Transpose(weight, (int)shape[0], (int)shape[1]);
                for (int i = 0; i < linear.Length; i++)
                    linear[i] *= alpha;
                chain.Head = new OnnxHead { Weight = linear, Outputs = outputs, Features = (int)(transB ? shape[1] : shape[0]) };
                if (node.Input.Count > 2 && node.Input[2].Length > 0)
                {
                    float[] bias = Bias(graph, node, node.Input[2], outputs);
                    chain.Head.Bias = [.. bias.Select(v => v * beta)];
                }

                stage = 1;
                return true;
            }

            case "Add" when stage == 1:
            {
                float[] bias = Bias(graph, node, Other(node, value), chain.Head!.Outputs);
                chain.Head.Bias = chain.Head.Bias is null ? bias : [.. chain.Head.Bias.Zip(bias, (a, b) => a + b)];
                stage = 2;
                return true;
            }

            case "Sigmoid" when stage is 1 or 2:
                chain.Head!.Activation = HeadActivation.Sigmoid;
                stage = 3;
                return true;
            case "Softmax" when stage is 1 or 2:
            {
                long axis = OnnxAttributes.Int(node, "axis", opset >= 13 ? -1 : 1);
                // Before opset 13 Softmax flattens from axis on; only the last axis of the head's (.., outputs) is one softmax per step.
                if (axis != -1 && !(opset >= 13 && axis == 2) && !(axis == 1 && LastAxisIsOne(graph, value)))
                    throw new ModelImportException($"{OnnxGraph.Describe(node)} takes softmax over axis {axis}: expected the last axis (the head's outputs of one step).");
                chain.Head!.Activation = HeadActivation.Softmax;
                stage = 3;
                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>Softmax axis 1 is the last axis when the data is 2-D (a Gemm head on flattened steps).</summary>
    private static bool LastAxisIsOne(OnnxGraph graph, string value)
        => graph.Producer(value) is { } p && (p.OpType == "Gemm" || (p.OpType == "Add" && p.Input.Any(i => graph.Producer(i)?.OpType == "Gemm")));

    private static string Other(NodeProto node, string value)
    {
        if (node.Input.Count != 2)
            throw new ModelImportException($"{OnnxGraph.Describe(node)} has {node.Input.Count} inputs: expected 2.");
        return node.Input[0] == value ? node.Input[1] : node.Input[0];
    }

    private static TensorProto HeadConstant(OnnxGraph graph, NodeProto node, string name, string what)
    {
        if (name.Length > 0 && graph.TryConstant(name, out TensorProto tensor))
            return tensor;
        throw new ModelImportException($"{what} of {OnnxGraph.Describe(node)} ('{name}') is not an initializer: a dense head needs constant weights.");
    }

    private static float[] Bias(OnnxGraph graph, NodeProto node, string name, int outputs)
    {
        TensorProto tensor = HeadConstant(graph, node, name, "the bias");
        long[] shape = OnnxTensors.Shape(tensor);
        if (shape.Aggregate(1L, (a, b) => a * b) != outputs || shape.Count(d => d != 1) > 1)
            throw new ModelImportException($"the bias of {OnnxGraph.Describe(node)} ('{name}') has shape {OnnxTensors.ShapeText(shape)}: expected ({outputs}), one value per head output.");
        return OnnxTensors.Floats(tensor, "the bias of " + OnnxGraph.Describe(node));
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

    /// <summary>The static sequence length of the graph input (as the first layer sees it), or null.</summary>
    private static long? SequenceLength(OnnxGraph graph, Chain chain)
    {
        if (graph.InputShape(chain.Input) is not { Length: 3 } shape)
            return null;
        long layout = OnnxAttributes.Int(chain.Layers[0], "layout", 0);
        bool batchMajor = chain.TransposedInput != (layout == 1);
        return shape[batchMajor ? 1 : 0];
    }

    /// <summary>Every node is a layer, on the chain, or a constant/shape computation beside it: anything else is refused by name.</summary>
    private static void CheckNodesAccountedFor(OnnxGraph graph, Chain chain)
    {
        foreach (NodeProto node in graph.Graph.Node)
        {
            if (chain.Visited.Contains(node) || chain.Layers.Contains(node) || Structural.Contains(node.OpType))
                continue;
            throw new ModelImportException($"{OnnxGraph.Describe(node)} is neither a recurrent layer, the glue between layers, a dense head, nor a shape or constant computation: the importer cannot represent it.");
        }
    }

    private static ImportedModel Build(List<OnnxLayer> layers, Chain chain)
    {
        OnnxLayer first = layers[0];
        for (int k = 1; k < layers.Count; k++)
        {
            OnnxLayer layer = layers[k];
            if (layer.Options() != first.Options())
                throw new ModelImportException($"{layer.Describe()} ({layer.Options()}) differs from {first.Describe()} ({first.Options()}): the runtime runs one cell configuration in every layer.");
            int expected = layers[k - 1].Directions * layers[k - 1].HiddenSize;
            if (layer.InputSize != expected)
                throw new ModelImportException($"{layer.Describe()} takes {layer.InputSize} input features but {layers[k - 1].Describe()} gives {expected} ({layers[k - 1].Directions}·{layers[k - 1].HiddenSize}): the shapes disagree.");
        }

        bool learned = layers.Any(l => l.Cells[0].InitialHidden is not null);
        var cells = new List<CellWeights>();
        foreach (OnnxLayer layer in layers)
        {
            foreach (CellWeights cell in layer.Cells)
            {
                // The runtime wants a learned state in every cell or none: layers without one start from zeros, as in ONNX.
                bool fill = learned && cell.InitialHidden is null;
                cells.Add(!fill ? cell : new CellWeights
                {
                    WeightIh = cell.WeightIh, WeightHh = cell.WeightHh, BiasIh = cell.BiasIh, BiasHh = cell.BiasHh, Peepholes = cell.Peepholes,
                    InitialHidden = new float[layer.HiddenSize],
                    InitialCell = layer.Kind == CellKind.Lstm ? new float[layer.HiddenSize] : null,
                });
            }
        }

        NodeActivation[] acts = first.Activations;
        NodeActivation gate = acts[0], candidate = first.Kind == CellKind.Rnn ? acts[0] : acts[1], cellAct = first.Kind == CellKind.Lstm ? acts[2] : new NodeActivation(Activation.Tanh, null, null);
        if (first.Kind == CellKind.Rnn)
            gate = new NodeActivation(Activation.Sigmoid, null, null);
        var spec = new ModelSpec
        {
            Cell = new CellSpec
            {
                Kind = first.Kind,
                InputSize = first.InputSize,
                HiddenSize = first.HiddenSize,
                HasBias = first.Cells[0].BiasIh is not null,
                Peepholes = first.Cells[0].Peepholes is not null,
                GateActivation = gate.Kind,
                GateActivationAlpha = gate.Alpha,
                GateActivationBeta = gate.Beta,
                CandidateActivation = candidate.Kind,
                CandidateActivationAlpha = candidate.Alpha,
                CandidateActivationBeta = candidate.Beta,
                CellActivation = cellAct.Kind,
                CellActivationAlpha = cellAct.Alpha,
                CellActivationBeta = cellAct.Beta,
                GruReset = first.Kind == CellKind.Gru && !first.LinearBeforeReset ? GruResetMode.BeforeMatmul : GruResetMode.AfterMatmul,
                Clip = first.Clip,
                InputForget = first.InputForget,
            },
            Layers = layers.Count,
            Bidirectional = first.Directions == 2,
            Reverse = first.Direction == "reverse",
        };

        HeadWeights? head = null;
        if (chain.Head is { } h)
        {
            int features = first.Directions * first.HiddenSize;
            if (h.Features != features)
                throw new ModelImportException($"The dense head takes {h.Features} features but the last layer gives {features} ({first.Directions}·{first.HiddenSize}): the shapes disagree.");
            spec = spec with { Head = new HeadSpec { OutputSize = h.Outputs, HasBias = h.Bias is not null, Activation = h.Activation } };
            head = new HeadWeights { Weight = h.Weight, Bias = h.Bias };
        }

        return new ImportedModel
        {
            Spec = ImportedModel.Normalized(spec),
            Cells = cells,
            Head = head,
            Module = first.Kind switch { CellKind.Lstm => "lstm", CellKind.Gru => "gru", _ => "rnn" },
            HeadName = "fc",
            BatchFirst = chain.TransposedInput || first.Layout == 1,
        };
    }
}
