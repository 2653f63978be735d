using Google.Protobuf;
using Onnx;

namespace Recurrent.Aot.Interop.Tests.Support;

/// <summary>
/// ONNX Runtime refuses <c>layout = 1</c> (batch-major) recurrent nodes. The oracle runs the equivalent graph the ONNX
/// definition gives: the node at layout 0 between Transposes, X (batch, seq, in) → (seq, batch, in), Y (seq, D, batch, H)
/// → (batch, seq, D, H), Y_h/Y_c and initial states (D, batch, H) ↔ (batch, D, H). Graph inputs and outputs keep their layout-1 shapes.
/// </summary>
public static class BatchwiseLayout
{
    public static byte[] AsSequenceMajor(byte[] bytes)
    {
        ModelProto model = ModelProto.Parser.ParseFrom(bytes);
        GraphProto graph = model.Graph;
        var rewritten = new List<NodeProto>();
        foreach (NodeProto node in graph.Node)
        {
            AttributeProto? layout = node.Attribute.FirstOrDefault(a => a.Name == "layout");
            if (layout is null || layout.I != 1)
            {
                rewritten.Add(node);
                continue;
            }

            node.Attribute.Remove(layout);
            foreach ((int index, long[] perm) in new[] { (0, new long[] { 1, 0, 2 }), (5, [1, 0, 2]), (6, [1, 0, 2]) })
            {
                if (index < node.Input.Count && node.Input[index].Length > 0)
                {
                    string name = node.Input[index] + "_seq_major";
                    rewritten.Add(Transpose(node.Input[index], name, perm));
                    node.Input[index] = name;
                }
            }

            rewritten.Add(node);
            for (int k = 0; k < node.Output.Count; k++)
            {
                if (node.Output[k].Length == 0)
                    continue;
                string original = node.Output[k];
                node.Output[k] = original + "_seq_major";
                rewritten.Add(Transpose(node.Output[k], original, k == 0 ? [2, 0, 1, 3] : [1, 0, 2]));
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(rewritten);
        return model.ToByteArray();
    }

    private static NodeProto Transpose(string input, string output, long[] perm)
    {
        var node = new NodeProto { OpType = "Transpose", Name = output + "_transpose" };
        node.Input.Add(input);
        node.Output.Add(output);
        node.Attribute.Add(new AttributeProto { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints, Ints = { perm } });
        return node;
    }
}
