using System;
using System.Globalization;
using System.Text;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;
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
    /// binds every element of an initializer on its own, which makes a model of megabytes compile for minutes.
    /// The kernels read a copy made once, at type initialization, into 64-byte-aligned native memory that
    /// lives as long as the process: .NET cannot place constant data on a 64-byte boundary, and a 512-bit
    /// load that straddles two cache lines costs two (docs/benchmarks.md, "Generator policies").
    /// </summary>
    public static void EmitEmbedded(SourceWriter w, EmbeddedWeights weights, WeightPrecision precision)
    {
        var bytes = weights.Packed.AsSpan();
        string content = precision switch
        {
            WeightPrecision.BFloat16 => $"{bytes.Length} bytes of weights in the kernels' panel layout (matrices as bfloat16, biases float32)",
            WeightPrecision.Int8 => $"{bytes.Length} bytes of weights in the kernels' panel layout (matrices as int8 with float32 row scales, biases float32)",
            _ => $"{bytes.Length / 4} float32 weights in the kernels' panel layout",
        };
        w.Line($"/// <summary>{content}, from '{weights.FileName}' (SHA-256 {weights.Sha256}), copied once from the constant data below into 64-byte-aligned memory.</summary>");
        using (w.Open("private static ref float PackedWeights"))
        {
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Line("get => ref Unsafe.As<byte, float>(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), AlignedWeights.Address));");
        }
        w.Line();
        w.Line("/// <summary>Holds the aligned copy; initialized on first use (the first step or run).</summary>");
        using (w.Open("private static class AlignedWeights"))
        {
            w.Line($"public static readonly nint Address = {PackingSource.ClassName}.CopyAligned(PackedWeightChars);");
        }
        w.Line();
        w.Line("// The weights, two bytes per char. A const field: the compiler joins the lines once, in seconds even for");
        w.Line("// megabytes (a local constant or a non-constant expression compiled several times slower); the price is that the");
        w.Line("// assembly stores the text twice (field constant and user string).");
        w.Line("private const string PackedWeightChars =");
        using (w.Indent())
        {
            const int CharsPerLine = 64;
            var line = new StringBuilder();
            for (int i = 0; i < bytes.Length; i += 2 * CharsPerLine)
            {
                line.Clear().Append('"');
                int end = System.Math.Min(bytes.Length, i + (2 * CharsPerLine));
                for (int j = i; j < end; j += 2)
                {
                    AppendChar(line, (char)(bytes[j] | (bytes[j + 1] << 8)));
                }
                line.Append('"').Append(end < bytes.Length ? " +" : ";");
                w.Line(line.ToString());
            }
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
        string type = model.Type.Name;
        w.Line("/// <summary>The packed weights (kernel panel layout), filled once when the model is created; pinned, they start at <see cref=\"_start\"/>.</summary>");
        w.Line("private readonly float[] _weights;");
        w.Line();
        w.Line("/// <summary>Index of the first packed weight: the first 64-byte boundary of the pinned array, so no vector load splits a cache line.</summary>");
        w.Line("private readonly nint _start;");
        w.Line();
        w.Line("/// <summary>The learned initial state in State.CopyFrom's layout, or null for zeros.</summary>");
        w.Line("private readonly float[]? _initialState;");
        w.Line();
        using (w.Open($"private {type}(float[] weights, int start, float[]? initialState)"))
        {
            w.Line("_weights = weights;");
            w.Line("_start = start;");
            w.Line("_initialState = initialState;");
        }
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Binds weights given in PyTorch's <c>parameters()</c> order (<c>torch.cat([p.flatten() for p in model.parameters()])</c>):");
        w.Line("/// per layer and direction weight_ih, weight_hh" + (spec.HasBias ? ", bias_ih, bias_hh" : "") + (spec.ProjSize > 0 ? ", weight_hr" : "") + (spec.HeadSize > 0 ? "; then the head's weight" + (spec.HeadHasBias ? " and bias" : "") : "") + ".");
        w.Line("/// The values are copied and packed once; the returned model is immutable and may be shared by threads.");
        if (spec.WeightPrecision == WeightPrecision.BFloat16)
        {
            w.Line("/// The weight matrices are rounded to bfloat16 (nearest even) as they are packed; biases stay float32.");
        }
        else if (spec.WeightPrecision == WeightPrecision.Int8)
        {
            w.Line("/// The weight matrices are quantized to int8 per row as they are packed (s = max|w|/127, q = round_half_even(w / s)); biases stay float32.");
        }
        w.Line("/// Its initial state is zeros (PyTorch's default).");
        w.Line("/// </summary>");
        w.Line($"public static {type} FromParameters(ReadOnlySpan<float> parameters) => FromParameters(parameters, default);");
        w.Line();
        w.Line("/// <summary>Binds weights given in PyTorch's <c>parameters()</c> order (see the other overload) and a learned initial state.</summary>");
        w.Line("/// <param name=\"parameters\">The weights, <see cref=\"ParameterCount\"/> floats.</param>");
        w.Line("/// <param name=\"initialState\">A learned initial state in <see cref=\"State.CopyFrom\"/>'s layout (<see cref=\"StateSize\"/> floats), or empty for zeros.</param>");
        if (spec.WeightPrecision == WeightPrecision.Int8)
        {
            w.Line("/// <exception cref=\"ArgumentException\">A weight is NaN or infinite (it has no int8 value); the message names its index.</exception>");
        }
        using (w.Open($"public static {type} FromParameters(ReadOnlySpan<float> parameters, ReadOnlySpan<float> initialState)"))
        {
            w.Line("if (parameters.Length != ParameterCount) ThrowLength(nameof(parameters), ParameterCount, parameters.Length);");
            w.Line("if (!initialState.IsEmpty && initialState.Length != StateSize) ThrowLength(nameof(initialState), StateSize, initialState.Length);");
            if (spec.WeightPrecision == WeightPrecision.Int8)
            {
                w.Line("return FromQuantized(parameters.ToArray(), null, initialState);");
            }
            else if (spec.WeightPrecision == WeightPrecision.BFloat16)
            {
                EmitReducedPacking(w, model, "parameters", "default");
            }
            else
            {
                EmitFloat32Packing(w, model);
            }
        }
        if (spec.WeightPrecision == WeightPrecision.Int8)
        {
            w.Line();
            EmitFromQuantized(w, model);
        }
        if (model.CanLoadFiles)
        {
            w.Line();
            EmitLoader(w, model);
        }
    }

    private static void EmitFloat32Packing(SourceWriter w, ModelInfo model)
        => EmitPackingCalls(
            w,
            model,
            (cell, p) => $"PackCell(parameters, packed, offset: {cell.Offset}, hidden: {cell.Hidden}, inputs: {cell.Inputs}, recurrent: {cell.Recurrent}, gates: {cell.Gates}, gatesH: {cell.GatesH}, biasRows: {cell.BiasRows}, panelWidth: {cell.PanelWidth}, panelFloats: {cell.PanelFloats}, xSection: {cell.XSection}, hSection: {cell.HSection}, hnSection: {cell.HnSection}, weightIh: {p.WeightIh}, weightHh: {p.WeightHh}, biasIh: {p.BiasIh}, biasHh: {p.BiasHh}, gruAfterReset: {Bool(cell.GruAfterReset)});",
            (dense, weight, bias) => $"PackDense(parameters, packed, offset: {dense.Offset}, rows: {dense.Rows}, columns: {dense.Columns}, panelWidth: {dense.PanelWidth}, panelFloats: {dense.PanelFloats}, columnSection: {dense.ColumnSection}, weight: {weight}, bias: {bias});");

    /// <summary>
    /// The packing body every binding shares: aligned storage, one packer call per cell, projection and head (in the
    /// order and with the arguments the generator's own packers use), then the model over the packed storage.
    /// </summary>
    private static void EmitPackingCalls(SourceWriter w, ModelInfo model, Func<CellLayout, CellParameters, string> cellCall, Func<DenseLayout, int, int, string> denseCall)
    {
        var layout = model.Plan.Layout;
        var parameters = model.Plan.Parameters;
        w.Line($"float[] storage = {PackingSource.ClassName}.AllocateAligned(PackedFloats, out int start);");
        w.Line("Span<float> packed = storage.AsSpan(start, PackedFloats);");
        for (int i = 0; i < layout.Cells.Length; i++)
        {
            var p = parameters.Cells[i];
            w.Line(PackingSource.ClassName + "." + cellCall(layout.Cells[i], p));
            if (layout.Cells[i].Projection is { } projection)
            {
                w.Line(PackingSource.ClassName + "." + denseCall(projection, p.WeightHr, -1));
            }
        }
        if (layout.Head is { } head)
        {
            w.Line(PackingSource.ClassName + "." + denseCall(head, parameters.HeadWeight, parameters.HeadBias));
        }
        w.Line($"return new {model.Type.Name}(storage, start, initialState.IsEmpty ? null : initialState.ToArray());");
    }

    /// <summary>
    /// Int8: quantizes the weight matrices (or takes back an int8 file's stored q where its scales are given) and packs
    /// them, once; the arrays are the model's own temporaries.
    /// </summary>
    private static void EmitFromQuantized(SourceWriter w, ModelInfo model)
    {
        w.Line("/// <summary>");
        w.Line("/// Quantizes every weight matrix to int8 per row in place (q = round_half_even(w / s), s = max|w|/127), except the rows");
        w.Line("/// whose scale <paramref name=\"storedScales\"/> gives (an int8 file's: those keep their scale and stored q), and packs.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"values\">The weights in PyTorch's <c>parameters()</c> order; overwritten.</param>");
        w.Line("/// <param name=\"storedScales\">Row scales beside the parameters (row r of the matrix at offset m at m + r, zero where none is stored), or null.</param>");
        w.Line("/// <param name=\"initialState\">A learned initial state, or empty for zeros.</param>");
        using (w.Open($"private static {model.Type.Name} FromQuantized(float[] values, float[]? storedScales, ReadOnlySpan<float> initialState)"))
        {
            w.Line("float[] scales = storedScales ?? new float[ParameterCount];");
            foreach (var (offset, rows, columns) in ReducedPrecisionPacker.Matrices(model.Spec, model.Plan.Parameters))
            {
                w.Line($"{PackingSource.ClassName}.QuantizeInt8(values, scales, offset: {offset}, rows: {rows}, columns: {columns});");
            }
            EmitReducedPacking(w, model, "values", "scales");
        }
    }

    /// <summary>The reduced packers' calls (bfloat16 rounds as it packs; int8 reads the q and scales already made), with the arguments <see cref="ReducedPrecisionPacker"/> passes.</summary>
    private static void EmitReducedPacking(SourceWriter w, ModelInfo model, string values, string scales)
    {
        string int8 = Bool(model.Spec.WeightPrecision == WeightPrecision.Int8);
        EmitPackingCalls(
            w,
            model,
            (cell, p) => $"PackCellReduced({values}, {scales}, packed, offset: {cell.Offset}, hidden: {cell.Hidden}, inputs: {cell.Inputs}, recurrent: {cell.Recurrent}, gates: {cell.Gates}, gatesH: {cell.GatesH}, biasRows: {cell.BiasRows}, panelWidth: {cell.PanelWidth}, panelFloats: {cell.PanelFloats}, xScales: {cell.XScales}, hScales: {cell.HScales}, hnScales: {cell.HnScales}, xSection: {cell.XSection}, hSection: {cell.HSection}, hnSection: {cell.HnSection}, weightIh: {p.WeightIh}, weightHh: {p.WeightHh}, biasIh: {p.BiasIh}, biasHh: {p.BiasHh}, gruAfterReset: {Bool(cell.GruAfterReset)}, int8: {int8});",
            (dense, weight, bias) => $"PackDenseReduced({values}, {scales}, packed, offset: {dense.Offset}, rows: {dense.Rows}, columns: {dense.Columns}, panelWidth: {dense.PanelWidth}, panelFloats: {dense.PanelFloats}, scaleRows: {dense.Scales}, columnSection: {dense.ColumnSection}, weight: {weight}, bias: {bias}, int8: {int8});");
    }

    private static void EmitLoader(SourceWriter w, ModelInfo model)
    {
        var spec = model.Spec;
        string type = model.Type.Name;
        const string File = "global::Recurrent.Aot.IO.SafeTensorsFile";
        w.Line("/// <summary>");
        w.Line("/// Loads a safetensors file (a PyTorch <c>state_dict</c> export) whose module is exactly this model, and packs its weights once.");
        w.Line("/// The file is read by the runtime's rules (those of <c>RecurrentModel.Load</c>): its layers, directions, biases, projection,");
        w.Line("/// head and <c>recurrent.*</c> metadata must match the declaration, and no tensor of the module may be left unread;");
        w.Line("/// a learned initial state (initial_h/initial_c) becomes <see cref=\"InitialState\"/>.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"path\">The .safetensors file.</param>");
        w.Line("/// <param name=\"module\">The recurrent module's name prefix (<c>lstm</c>); optional when the file holds one module.</param>");
        if (spec.HeadSize > 0)
        {
            w.Line($"/// <param name=\"head\">The Linear head's prefix (<c>fc</c>); default: the file's <c>{RecurrentMetadataKeys.Head}</c> metadata.</param>");
        }
        w.Line("/// <exception cref=\"global::Recurrent.Aot.IO.WeightsFormatException\">The file is malformed or holds another model; the message names every difference.</exception>");
        string headParam = spec.HeadSize > 0 ? ", string? head = null" : "";
        string headArg = spec.HeadSize > 0 ? ", head" : "";
        w.Line($"public static {type} Load(string path, string? module = null{headParam}) => FromSafeTensors({File}.Load(path), module{headArg});");
        w.Line();
        w.Line("/// <summary>Binds the weights of an already parsed safetensors file (see <see cref=\"Load\"/>).</summary>");
        using (w.Open($"public static {type} FromSafeTensors({File} file, string? module = null{headParam})"))
        {
            string headValue = spec.HeadSize > 0 ? "head" : "null";
            if (spec.WeightPrecision == WeightPrecision.Int8)
            {
                // Rows the file stores as int8 keep their q and scale, as the runtime's int8 model keeps them.
                w.Line($"float[] parameters = global::Recurrent.Aot.GeneratedModelLoader.ReadParameters(file, DeclaredSpec(), module, {headValue}, \"{type}\", out float[]? initialState, out float[]? int8Scales);");
                // A weight int8 cannot hold (NaN, infinite) is a fault of the file, reported as the runtime's Load reports it.
                w.Line("try { return FromQuantized(parameters, int8Scales, initialState); }");
                w.Line("catch (ArgumentException e) { throw new global::Recurrent.Aot.IO.WeightsFormatException(e.Message, e); }");
            }
            else
            {
                w.Line($"float[] parameters = global::Recurrent.Aot.GeneratedModelLoader.ReadParameters(file, DeclaredSpec(), module, {headValue}, \"{type}\", out float[]? initialState);");
                w.Line("return FromParameters(parameters, initialState);");
            }
        }
        w.Line();
        EmitDeclaredSpec(w, spec);
    }

    /// <summary>The declaration as the runtime's ModelSpec, which the loader compares with the file's module.</summary>
    private static void EmitDeclaredSpec(SourceWriter w, ModelSpec spec)
    {
        const string Aot = "global::Recurrent.Aot.";
        w.Line("/// <summary>This declaration in the runtime's terms: the file's module must be exactly this.</summary>");
        using (w.Open($"private static {Aot}ModelSpec DeclaredSpec() => new()", closing: "};"))
        {
            using (w.Open($"Cell = new {Aot}CellSpec", closing: "},"))
            {
                w.Line($"Kind = {Aot}CellKind.{spec.Kind},");
                w.Line($"InputSize = {spec.InputSize},");
                w.Line($"HiddenSize = {spec.HiddenSize},");
                w.Line($"ProjSize = {spec.ProjSize},");
                w.Line($"HasBias = {Bool(spec.HasBias)},");
                w.Line($"GateActivation = {Aot}Activation.{spec.GateActivation},");
                w.Line($"CandidateActivation = {Aot}Activation.{spec.CandidateActivation},");
                w.Line($"CellActivation = {Aot}Activation.{spec.CellActivation},");
                w.Line($"GruReset = {Aot}GruResetMode.{spec.GruReset},");
            }
            w.Line($"Layers = {spec.Layers},");
            w.Line($"Bidirectional = {Bool(spec.Bidirectional)},");
            if (spec.HeadSize > 0)
            {
                w.Line($"Head = new {Aot}HeadSpec {{ OutputSize = {spec.HeadSize}, HasBias = {Bool(spec.HeadHasBias)}, Activation = {Aot}HeadActivation.{spec.HeadActivation} }},");
            }
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
