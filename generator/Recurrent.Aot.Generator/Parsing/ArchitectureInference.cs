using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Recurrent.Aot.Generator.Diagnostics;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;
using Recurrent.Aot.IO;
using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>The architecture, flat parameters (PyTorch <c>parameters()</c> order) and learned initial state read from a weights file.</summary>
internal sealed class InferredModel
{
    public InferredModel(ModelPlan plan, string module, float[] parameters, float[]? initialState, IReadOnlyList<StoredInt8Matrix> storedInt8)
    {
        Plan = plan;
        Module = module;
        Parameters = parameters;
        InitialState = initialState;
        StoredInt8 = storedInt8;
    }

    /// <summary>The architecture and the decisions made from it (the parameters follow its <see cref="ModelPlan.Parameters"/>).</summary>
    public ModelPlan Plan { get; }

    public string Module { get; }

    public float[] Parameters { get; }

    /// <summary>The learned initial state in the runtime's state layout (every h, then every c), or null for zeros.</summary>
    public float[]? InitialState { get; }

    /// <summary>The matrices the file stores as int8 (their q · s is in <see cref="Parameters"/>); empty for other files.</summary>
    public IReadOnlyList<StoredInt8Matrix> StoredInt8 { get; }
}

/// <summary>
/// Reads a model from a weights file at compile time with the runtime's own rules (<see cref="ArchitectureRules"/>,
/// compiled into the generator from the runtime's source), so an embedded declaration compiles exactly the model
/// <c>RecurrentModel.Load</c> would run. A broken rule becomes a diagnostic; nothing is thrown into the compiler.
/// </summary>
internal sealed class ArchitectureInference
{
    private readonly SafeTensorsReader _file;
    private readonly FileRequest _request;
    private readonly LocationInfo? _location;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly List<StoredInt8Matrix> _storedInt8 = new();
    private string _storedPrecision = "float32";

    private ArchitectureInference(SafeTensorsReader file, FileRequest request, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        _file = file;
        _request = request;
        _location = location;
        _diagnostics = diagnostics;
    }

    /// <summary>Returns the model, or null after adding at least one error to <paramref name="diagnostics"/>.</summary>
    public static InferredModel? Infer(SafeTensorsReader file, FileRequest request, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        => new ArchitectureInference(file, request, location, diagnostics).Run();

    private InferredModel? Run()
    {
        FileArchitecture arch;
        try
        {
            arch = ArchitectureRules.Read(new ReaderDirectory(_file), Request(_request));
        }
        catch (ArchitectureException e)
        {
            return e.ContradictsDeclaration ? Mismatch(e.Message) : Malformed(e.Message);
        }
        if (arch.Peepholes)
        {
            return Unsupported("LSTM peepholes (weight_ph)", "the generator emits PyTorch's LSTM; run peephole models with the runtime's RecurrentModel");
        }
        if (arch.Clip is { } clip)
        {
            return Unsupported(RecurrentMetadataKeys.Clip + " = " + clip.ToString(CultureInfo.InvariantCulture), "gate clipping is run by the runtime's RecurrentModel only");
        }
        if (arch.InputForget)
        {
            return Unsupported(RecurrentMetadataKeys.InputForget, "coupled input/forget gates are run by the runtime's RecurrentModel only");
        }
        if (arch.Reverse)
        {
            return Unsupported(RecurrentMetadataKeys.Direction + " = reverse", "a module read backwards is run by the runtime's RecurrentModel only");
        }
        if (UnsupportedActivation(arch) is { } activation)
        {
            return Unsupported(activation, "the generator emits sigmoid, tanh, relu and hard_sigmoid (α = 0.2, β = 0.5); run this model with the runtime's RecurrentModel");
        }

        var spec = new ModelSpec(
            RuleTokens.Cell(arch.Cell), arch.InputSize, arch.HiddenSize, arch.Layers, arch.Bidirectional, arch.ProjSize, arch.HasBias,
            RuleTokens.Activation(arch.GateActivation), RuleTokens.Activation(arch.CandidateActivation), RuleTokens.Activation(arch.CellActivation),
            RuleTokens.GruReset(arch.GruReset), arch.HeadSize, arch.HeadHasBias, RuleTokens.HeadActivation(arch.HeadActivation), _request.FastActivations,
            _request.WeightPrecision);
        foreach (var (declared, actual, name) in new[] { (_request.InputSize, spec.InputSize, "InputSize"), (_request.HiddenSize, spec.HiddenSize, "HiddenSize"), (_request.Layers, spec.Layers, "Layers") })
        {
            if (declared != 0 && declared != actual)
            {
                return Mismatch($"the attribute declares {name} = {declared}, the file's tensors give {actual}");
            }
        }
        var invalid = SpecValidator.Validate(spec, _location).ToList();
        if (invalid.Count > 0)
        {
            _diagnostics.AddRange(invalid);
            return null;
        }

        _storedPrecision = arch.StoredPrecision;
        var plan = ModelPlanner.Plan(spec);
        var parameters = new float[spec.ParameterCount];
        var layout = plan.Parameters;
        for (int i = 0; i < layout.Cells.Length; i++)
        {
            int layer = i / spec.Directions;
            int direction = i % spec.Directions;
            var p = layout.Cells[i];
            bool ok = CopyMatrix(arch.TensorName("weight_ih", layer, direction), parameters, p.WeightIh)
                && CopyMatrix(arch.TensorName("weight_hh", layer, direction), parameters, p.WeightHh)
                && (!arch.HasBias || (Copy(arch.TensorName("bias_ih", layer, direction), parameters, p.BiasIh) && Copy(arch.TensorName("bias_hh", layer, direction), parameters, p.BiasHh)))
                && (arch.ProjSize == 0 || CopyMatrix(arch.TensorName("weight_hr", layer, direction), parameters, p.WeightHr));
            if (!ok)
            {
                return null;
            }
        }
        if (arch.HeadPrefix is { } head
            && (!CopyMatrix(head + WeightScales.HeadMatrix, parameters, layout.HeadWeight) || (arch.HeadHasBias && !Copy(head + "bias", parameters, layout.HeadBias))))
        {
            return null;
        }

        float[]? initialState = null;
        if (arch.HasInitialState)
        {
            // The runtime's state layout: every h (layer 0 forward, layer 0 reverse, ...), then every c.
            int cells = layout.Cells.Length;
            int cellState = spec.HasCellState ? spec.HiddenSize : 0;
            initialState = new float[cells * (spec.HiddenOutputSize + cellState)];
            for (int i = 0; i < cells && initialState is not null; i++)
            {
                int layer = i / spec.Directions;
                int direction = i % spec.Directions;
                if (!Copy(arch.TensorName("initial_h", layer, direction), initialState, i * spec.HiddenOutputSize)
                    || (spec.HasCellState && !Copy(arch.TensorName("initial_c", layer, direction), initialState, (cells * spec.HiddenOutputSize) + (i * cellState))))
                {
                    return null;
                }
            }
        }
        return new InferredModel(plan, arch.Prefix.TrimEnd('.'), parameters, initialState, _storedInt8);
    }

    /// <summary>The first activation (with its metadata key) the emitters do not implement, or null.</summary>
    private static string? UnsupportedActivation(FileArchitecture arch)
    {
        foreach (var (key, token, alpha, beta) in new[]
        {
            (RecurrentMetadataKeys.GateActivation, arch.GateActivation, arch.GateAlpha, arch.GateBeta),
            (RecurrentMetadataKeys.CandidateActivation, arch.CandidateActivation, arch.CandidateAlpha, arch.CandidateBeta),
            (RecurrentMetadataKeys.CellActivation, arch.CellActivation, arch.CellAlpha, arch.CellBeta),
        })
        {
            bool emitted = token is "sigmoid" or "tanh" or "relu" || (token == "hard_sigmoid" && alpha == 0.2f && beta == 0.5f);
            if (!emitted)
            {
                string parameters = alpha is null ? "" : " (α = " + alpha.Value.ToString(CultureInfo.InvariantCulture) + (beta is null ? "" : ", β = " + beta.Value.ToString(CultureInfo.InvariantCulture)) + ")";
                return key + " = " + token + parameters;
            }
        }
        return null;
    }

    /// <summary>The attribute's overrides as a rules request (enum values become the metadata's tokens).</summary>
    private static ArchitectureRequest Request(FileRequest request) => new ArchitectureRequest
    {
        Module = request.Module,
        Head = request.Head,
        Source = "the attribute",
    }.WithEnums(request.Cell, request.Nonlinearity, request.GruReset, request.GateActivation, request.CandidateActivation, request.CellActivation, request.HeadActivation);

    /// <summary>
    /// Copies a weight matrix in whatever precision the file stores it, by the runtime's rules (<see cref="WeightScales"/>,
    /// as <c>WeightMatrixReader</c> applies them): float dtypes as <see cref="Copy"/>; an I8 matrix as q · s in float32
    /// (the runtime's dequantized value), keeping q and s for a model declared Int8. A storage the rules refuse (a
    /// missing, misshapen or non-F32 scale tensor, a scale that is not finite and positive, a matrix in another dtype
    /// than the file's <c>recurrent.weight_precision</c>) is RAOT007 naming the tensor.
    /// </summary>
    private bool CopyMatrix(string name, float[] destination, int offset)
    {
        _file.TryGet(name, out var tensor);
        string scaleName = WeightScales.NameOf(name);
        bool hasScale = _file.TryGet(scaleName, out var scale);
        float[] scales;
        try
        {
            if (!WeightScales.CheckStorage(name, tensor.DType, tensor.Shape, hasScale ? scale.DType : null, hasScale ? scale.Shape : null, _storedPrecision))
            {
                return Copy(name, destination, offset);
            }
            scales = _file.ReadFloat32(scale);
            WeightScales.CheckValues(scaleName, scales);
        }
        catch (ArchitectureException e)
        {
            Malformed(e.Message);
            return false;
        }
        sbyte[] q = _file.ReadInt8(tensor);
        int rows = scales.Length;
        int columns = rows == 0 ? 0 : q.Length / rows;
        for (int i = 0; i < q.Length; i++)
        {
            destination[offset + i] = WeightQuantization.Dequantize(q[i], scales[i / columns]);
        }
        _storedInt8.Add(new StoredInt8Matrix(offset, rows, columns, q, scales));
        return true;
    }

    /// <summary>Copies a tensor the rules have checked, refusing integer tensors, NaN and infinities.</summary>
    private bool Copy(string name, float[] destination, int offset)
    {
        _file.TryGet(name, out var tensor);
        if (!SafeTensorsHeader.IsFloat(tensor.DType))
        {
            Malformed(SafeTensorsHeader.NotFloatMessage(name, tensor.DType));
            return false;
        }
        float[] values = _file.ReadFloat32(tensor);
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]) || float.IsInfinity(values[i]))
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonFiniteWeights, _location, name, values[i].ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture)));
                return false;
            }
        }
        Array.Copy(values, 0, destination, offset, values.Length);
        return true;
    }

    private InferredModel? Malformed(string message)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSafeTensors, _location, _request.Path, message));
        return null;
    }

    private InferredModel? Mismatch(string message)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ShapeMismatch, _location, _request.Path, message));
        return null;
    }

    private InferredModel? Unsupported(string what, string why)
    {
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, _location, what, why));
        return null;
    }

    /// <summary>The compile-time reader as the rules read it.</summary>
    private sealed class ReaderDirectory : ITensorDirectory
    {
        private readonly SafeTensorsReader _reader;

        public ReaderDirectory(SafeTensorsReader reader) => _reader = reader;

        public IEnumerable<string> Names => _reader.Tensors.Select(t => t.Name);

        public IReadOnlyDictionary<string, string> Metadata => _reader.Metadata;

        public bool TryGetShape(string name, out int[] shape)
        {
            bool found = _reader.TryGet(name, out var tensor);
            shape = found ? tensor.Shape : Array.Empty<int>();
            return found;
        }
    }
}
