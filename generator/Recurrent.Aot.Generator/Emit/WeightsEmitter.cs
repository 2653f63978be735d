using System.Globalization;
using System.Text;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Emits where the packed weights come from: constant data in the assembly (embedded file), or a
/// float[] filled once by <c>FromParameters</c>/<c>Load</c> (shape-only declaration).
/// </summary>
internal static class WeightsEmitter
{
    public const string EmbeddedRef = "PackedWeights";
    public const string InstanceRef = "Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_weights), _start)";

    /// <summary>
    /// The packed weights come from constant data: a string literal whose UTF-16 code units carry the bytes
    /// (two per char, little-endian), in the assembly's user-string heap. There is no file access and no
    /// parsing at run time. A literal rather than a <c>new byte[] { ... }</c> initializer because the compiler
    /// binds every element of an initializer on its own: a 3 MB model took minutes to compile that way.
    /// The kernels read a copy made once, at type initialization, into 64-byte-aligned native memory that
    /// lives as long as the process: .NET cannot place constant data on a 64-byte boundary, and a 512-bit
    /// load that straddles two cache lines costs two (a batch-1 step at hidden 64 ran 2x slower unaligned).
    /// </summary>
    public static void EmitEmbedded(SourceWriter w, EmbeddedWeights weights)
    {
        var bytes = weights.Packed.AsSpan();
        w.Line($"/// <summary>{bytes.Length / 4} float32 weights in the kernels' panel layout, from '{weights.FileName}' (SHA-256 {weights.Sha256}), copied once from the constant data below into 64-byte-aligned memory.</summary>");
        w.Line("private static ref float PackedWeights");
        w.Line("{");
        w.Line("    [MethodImpl(MethodImplOptions.AggressiveInlining)]");
        w.Line("    get => ref Unsafe.As<byte, float>(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), AlignedWeights.Address));");
        w.Line("}");
        w.Line();
        w.Line("/// <summary>Holds the aligned copy; initialized on first use (the first step or run).</summary>");
        using (w.Open("private static class AlignedWeights"))
        {
            w.Line($"public static readonly nint Address = {PackingSource.ClassName}.CopyAligned(PackedWeightChars);");
        }
        w.Line();
        w.Line("// The weights, two bytes per char. A const field: the compiler joins the lines once, in seconds even for");
        w.Line("// megabytes (a local constant or a non-constant expression took 5-10x longer); the price is that the");
        w.Line("// assembly stores the text twice (field constant and user string).");
        w.Line("private const string PackedWeightChars =");
        var sb = w.Builder;
        string indent = new(' ', (w.Indentation + 1) * 4);
        const int CharsPerLine = 64;
        for (int i = 0; i < bytes.Length; i += 2 * CharsPerLine)
        {
            sb.Append(indent).Append('"');
            int end = System.Math.Min(bytes.Length, i + (2 * CharsPerLine));
            for (int j = i; j < end; j += 2)
            {
                AppendChar(sb, (char)(bytes[j] | (bytes[j + 1] << 8)));
            }
            sb.Append('"').Append(end < bytes.Length ? " +\n" : ";\n");
        }
    }

    /// <summary>Writes one char of the literal: itself when it is safe in a C# string, else \uXXXX.</summary>
    private static void AppendChar(StringBuilder sb, char c)
    {
        bool plain = (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            || (c >= 0xA0 && c < 0xD800 && c != 0x2028 && c != 0x2029)
            || (c >= 0xE000 && c < 0xFEFF);
        if (plain)
        {
            sb.Append(c);
        }
        else
        {
            sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Shape-only: a weights array bound once, a PyTorch-order packer, and (with the runtime) a file loader.</summary>
    public static void EmitBinding(SourceWriter w, ModelInfo model)
    {
        var spec = model.Spec;
        var layout = new PackedLayout(spec);
        var parameters = new ParameterLayout(spec);
        string type = model.Type.Name;
        w.Line("/// <summary>The packed weights (kernel panel layout), filled once when the model is created; pinned, they start at <see cref=\"_start\"/>.</summary>");
        w.Line("private readonly float[] _weights;");
        w.Line();
        w.Line("/// <summary>Index of the first packed weight: the first 64-byte boundary of the pinned array, so no vector load splits a cache line.</summary>");
        w.Line("private readonly nint _start;");
        w.Line();
        using (w.Open($"private {type}(float[] weights, int start)"))
        {
            w.Line("_weights = weights;");
            w.Line("_start = start;");
        }
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Binds weights given in PyTorch's <c>parameters()</c> order (<c>torch.cat([p.flatten() for p in model.parameters()])</c>):");
        w.Line("/// per layer and direction weight_ih, weight_hh" + (spec.HasBias ? ", bias_ih, bias_hh" : "") + (spec.ProjSize > 0 ? ", weight_hr" : "") + (spec.HeadSize > 0 ? "; then the head's weight" + (spec.HeadHasBias ? " and bias" : "") : "") + ".");
        w.Line("/// The values are copied and packed once; the returned model is immutable and may be shared by threads.");
        w.Line("/// </summary>");
        using (w.Open($"public static {type} FromParameters(ReadOnlySpan<float> parameters)"))
        {
            w.Line("if (parameters.Length != ParameterCount) ThrowLength(nameof(parameters), ParameterCount, parameters.Length);");
            w.Line($"float[] storage = {PackingSource.ClassName}.AllocateAligned(PackedFloats, out int start);");
            w.Line("Span<float> packed = storage.AsSpan(start, PackedFloats);");
            for (int i = 0; i < layout.Cells.Count; i++)
            {
                var cell = layout.Cells[i];
                var p = parameters.Cells[i];
                string gruAfter = WeightPacker.GruAfterReset(cell) ? "true" : "false";
                w.Line($"{PackingSource.ClassName}.PackCell(parameters, packed, offset: {cell.Offset}, hidden: {cell.Hidden}, inputs: {cell.Inputs}, recurrent: {cell.Recurrent}, gates: {cell.Gates}, gatesH: {cell.GatesH}, biasRows: {cell.BiasRows}, panelWidth: {cell.PanelWidth}, panelFloats: {cell.PanelFloats}, xSection: {cell.XSection}, hSection: {cell.HSection}, hnSection: {cell.HnSection}, weightIh: {p.WeightIh}, weightHh: {p.WeightHh}, biasIh: {p.BiasIh}, biasHh: {p.BiasHh}, gruAfterReset: {gruAfter});");
                if (cell.Projection is { } projection)
                {
                    w.Line($"{PackingSource.ClassName}.PackDense(parameters, packed, offset: {projection.Offset}, rows: {projection.Rows}, columns: {projection.Columns}, panelWidth: {projection.PanelWidth}, panelFloats: {projection.PanelFloats}, columnSection: {projection.ColumnSection}, weight: {p.WeightHr}, bias: -1);");
                }
            }
            if (layout.Head is { } head)
            {
                w.Line($"{PackingSource.ClassName}.PackDense(parameters, packed, offset: {head.Offset}, rows: {head.Rows}, columns: {head.Columns}, panelWidth: {head.PanelWidth}, panelFloats: {head.PanelFloats}, columnSection: {head.ColumnSection}, weight: {parameters.HeadWeight}, bias: {parameters.HeadBias});");
            }
            w.Line($"return new {type}(storage, start);");
        }
        if (model.CanLoadFiles)
        {
            w.Line();
            EmitLoader(w, model, parameters);
        }
    }

    private static void EmitLoader(SourceWriter w, ModelInfo model, ParameterLayout parameters)
    {
        var spec = model.Spec;
        string type = model.Type.Name;
        const string File = "global::Recurrent.Aot.IO.SafeTensorsFile";
        const string Error = "global::Recurrent.Aot.IO.WeightsFormatException";
        // The generated code reads the metadata through the runtime's constants, so the key is spelled once.
        const string Keys = "global::Recurrent.Aot.IO." + nameof(RecurrentMetadataKeys);
        w.Line("/// <summary>Loads a safetensors file (a PyTorch <c>state_dict</c> export), checks every tensor against this shape and packs the weights once.</summary>");
        w.Line("/// <param name=\"path\">The .safetensors file.</param>");
        w.Line("/// <param name=\"module\">The recurrent module's name prefix (<c>lstm</c>); optional when the file holds one module.</param>");
        if (spec.HeadSize > 0)
        {
            w.Line($"/// <param name=\"head\">The Linear head's prefix (<c>fc</c>); default: the file's <c>{RecurrentMetadataKeys.Head}</c> metadata.</param>");
        }
        string headParam = spec.HeadSize > 0 ? ", string? head = null" : "";
        string headArg = spec.HeadSize > 0 ? ", head" : "";
        w.Line($"public static {type} Load(string path, string? module = null{headParam}) => FromSafeTensors({File}.Load(path), module{headArg});");
        w.Line();
        w.Line("/// <summary>Binds the weights of an already parsed safetensors file (see <see cref=\"Load\"/>).</summary>");
        using (w.Open($"public static {type} FromSafeTensors({File} file, string? module = null{headParam})"))
        {
            w.Line("ArgumentNullException.ThrowIfNull(file);");
            w.Line($"// The requested module, else the file's {RecurrentMetadataKeys.Module} metadata, else its only one; the runtime's error lists the modules.");
            w.Line("var chosen = global::Recurrent.Aot.RecurrentModules.Choose(file, module);");
            w.Line("string prefix = chosen.Prefix;");
            // A one-layer unidirectional model without projection may come from a single cell (nn.LSTMCell: weight_ih, no _l0).
            bool singleCell = spec.Layers == 1 && !spec.Bidirectional && spec.ProjSize == 0;
            if (singleCell)
            {
                w.Line("string l0 = chosen.IsCell ? \"\" : \"_l0\";");
            }
            else
            {
                w.Line($"if (chosen.IsCell) throw new {Error}($\"Module '{{chosen.DisplayName}}' is a single cell (weight_ih, no _l0 suffix); {type} needs the weights of an nn.{spec.Kind.ToString().ToUpperInvariant()} module (weight_ih_l0, ...).\");");
            }
            w.Line("var parameters = new float[ParameterCount];");
            for (int i = 0; i < parameters.Cells.Count; i++)
            {
                var p = parameters.Cells[i];
                int layer = i / spec.Directions;
                int rows = spec.GateCount * spec.HiddenSize;
                string suffix = singleCell ? "\" + l0" : p.Suffix + "\"";
                w.Line($"file.ReadFloat32(prefix + \"weight_ih{suffix}, new[] {{ {rows}, {spec.LayerInputSize(layer)} }}, parameters.AsSpan({p.WeightIh}, {rows * spec.LayerInputSize(layer)}));");
                w.Line($"file.ReadFloat32(prefix + \"weight_hh{suffix}, new[] {{ {rows}, {spec.HiddenOutputSize} }}, parameters.AsSpan({p.WeightHh}, {rows * spec.HiddenOutputSize}));");
                if (spec.HasBias)
                {
                    w.Line($"file.ReadFloat32(prefix + \"bias_ih{suffix}, new[] {{ {rows} }}, parameters.AsSpan({p.BiasIh}, {rows}));");
                    w.Line($"file.ReadFloat32(prefix + \"bias_hh{suffix}, new[] {{ {rows} }}, parameters.AsSpan({p.BiasHh}, {rows}));");
                }
                if (spec.ProjSize > 0)
                {
                    w.Line($"file.ReadFloat32(prefix + \"weight_hr{suffix}, new[] {{ {spec.ProjSize}, {spec.HiddenSize} }}, parameters.AsSpan({p.WeightHr}, {spec.ProjSize * spec.HiddenSize}));");
                }
            }
            if (spec.HeadSize > 0)
            {
                w.Line($"string? headPrefix = head ?? (file.Metadata.TryGetValue({Keys}.{nameof(RecurrentMetadataKeys.Head)}, out string? named) ? named : null);");
                w.Line($"if (headPrefix is null) throw new {Error}(\"This model has a dense head; name its prefix (head: \\\"fc\\\") or set the file's {RecurrentMetadataKeys.Head} metadata.\");");
                w.Line("headPrefix = headPrefix.TrimEnd('.') + \".\";");
                w.Line($"file.ReadFloat32(headPrefix + \"weight\", new[] {{ {spec.HeadSize}, {spec.StepInputOfHead} }}, parameters.AsSpan({parameters.HeadWeight}, {spec.HeadSize * spec.StepInputOfHead}));");
                if (spec.HeadHasBias)
                {
                    w.Line($"file.ReadFloat32(headPrefix + \"bias\", new[] {{ {spec.HeadSize} }}, parameters.AsSpan({parameters.HeadBias}, {spec.HeadSize}));");
                }
            }
            w.Line("return FromParameters(parameters);");
        }
    }
}
