using Onnx;

namespace Recurrent.Aot.Interop.Onnx;

/// <summary>An index over an ONNX graph: constant values (initializers and Constant nodes), producers, consumers, inputs and outputs.</summary>
internal sealed class OnnxGraph
{
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);

    public OnnxGraph(GraphProto graph)
    {
        Graph = graph;
        foreach (TensorProto initializer in graph.Initializer)
            _constants[initializer.Name] = initializer;
        foreach (NodeProto node in graph.Node)
        {
            foreach (string output in node.Output)
            {
                if (output.Length > 0)
                    _producers[output] = node;
            }

            foreach (string input in node.Input)
            {
                if (input.Length == 0)
                    continue;
                if (!_consumers.TryGetValue(input, out List<NodeProto>? list))
                    _consumers[input] = list = [];
                if (!list.Contains(node))
                    list.Add(node);
            }

            if (node.OpType == "Constant" && node.Output.Count == 1 && ConstantValue(node) is { } value)
                _constants[node.Output[0]] = value;
        }

        foreach (ValueInfoProto input in graph.Input)
        {
            if (!_constants.ContainsKey(input.Name))
                Inputs.Add(input.Name);
        }

        foreach (ValueInfoProto output in graph.Output)
            Outputs.Add(output.Name);
    }

    public GraphProto Graph { get; }

    /// <summary>Graph inputs that are not initializers: what the caller feeds.</summary>
    public HashSet<string> Inputs { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Outputs { get; } = new(StringComparer.Ordinal);

    public bool TryConstant(string name, out TensorProto tensor) => _constants.TryGetValue(name, out tensor!);

    public NodeProto? Producer(string name) => _producers.GetValueOrDefault(name);

    public IReadOnlyList<NodeProto> Consumers(string name) => _consumers.TryGetValue(name, out List<NodeProto>? list) ? list : [];

    /// <summary>The static shape of a graph input (null for a symbolic or missing dimension), or null when unknown.</summary>
    public long?[]? InputShape(string name)
    {
        foreach (ValueInfoProto input in Graph.Input)
        {
            if (input.Name != name || input.Type?.TensorType?.Shape is not { } shape)
                continue;
            return [.. shape.Dim.Select(d => d.HasDimValue && d.DimValue > 0 ? d.DimValue : (long?)null)];
        }

        return null;
    }

    /// <summary>How messages name a node: <c>node 'name' (LSTM)</c>, or by its first output when it has no name.</summary>
    public static string Describe(NodeProto node)
    {
        string name = node.Name.Length > 0 ? node.Name : node.Output.Count > 0 ? "producing " + node.Output[0] : "(unnamed)";
        return $"node '{name}' ({node.OpType})";
    }

    private static TensorProto? ConstantValue(NodeProto node)
    {
        foreach (AttributeProto attribute in node.Attribute)
        {
            switch (attribute.Name)
            {
                case "value" when attribute.T is not null:
                    return attribute.T;
                case "value_float":
                    return new TensorProto { DataType = (int)TensorProto.Types.DataType.Float, FloatData = { attribute.F } };
                case "value_floats":
                    return new TensorProto { DataType = (int)TensorProto.Types.DataType.Float, Dims = { attribute.Floats.Count }, FloatData = { attribute.Floats } };
                case "value_int":
                    return new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64, Int64Data = { attribute.I } };
                case "value_ints":
                    return new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64, Dims = { attribute.Ints.Count }, Int64Data = { attribute.Ints } };
            }
        }

        return null;
    }
}
