using System.Text;
using Onnx;

namespace Recurrent.Aot.Interop.Onnx;

/// <summary>Typed reads of a node's attributes, with errors that name the node and the attribute.</summary>
internal static class OnnxAttributes
{
    public static AttributeProto? Find(NodeProto node, string name)
        => node.Attribute.FirstOrDefault(a => a.Name == name);

    public static long Int(NodeProto node, string name, long fallback)
        => Find(node, name) is { } a ? Expect(node, a, AttributeProto.Types.AttributeType.Int).I : fallback;

    public static float? Float(NodeProto node, string name)
        => Find(node, name) is { } a ? Expect(node, a, AttributeProto.Types.AttributeType.Float).F : null;

    public static string? Text(NodeProto node, string name)
        => Find(node, name) is { } a ? Encoding.UTF8.GetString(Expect(node, a, AttributeProto.Types.AttributeType.String).S.Span) : null;

    public static float[] Floats(NodeProto node, string name)
        => Find(node, name) is { } a ? [.. Expect(node, a, AttributeProto.Types.AttributeType.Floats).Floats] : [];

    public static long[]? Ints(NodeProto node, string name)
        => Find(node, name) is { } a ? [.. Expect(node, a, AttributeProto.Types.AttributeType.Ints).Ints] : null;

    public static string[]? Texts(NodeProto node, string name)
        => Find(node, name) is { } a ? [.. Expect(node, a, AttributeProto.Types.AttributeType.Strings).Strings.Select(s => Encoding.UTF8.GetString(s.Span))] : null;

    private static AttributeProto Expect(NodeProto node, AttributeProto attribute, AttributeProto.Types.AttributeType type)
    {
        // Writers that omit the type field are common for old files; a value in the expected field is accepted then.
        if (attribute.Type != type && attribute.Type != AttributeProto.Types.AttributeType.Undefined)
            throw new ModelImportException($"{OnnxGraph.Describe(node)}: attribute {attribute.Name} is {attribute.Type}, expected {type}.");
        return attribute;
    }
}
