using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Recurrent.Aot.Generator.Diagnostics;
using Recurrent.Aot.Generator.Emit;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>The architecture and flat parameters (PyTorch <c>parameters()</c> order) read from a weights file.</summary>
internal sealed class InferredModel
{
    public InferredModel(ModelSpec spec, string module, float[] parameters)
    {
        Spec = spec;
        Module = module;
        Parameters = parameters;
    }

    public ModelSpec Spec { get; }

    public string Module { get; }

    public float[] Parameters { get; }
}

/// <summary>
/// Infers a model from PyTorch <c>state_dict</c> names and shapes (docs/file-format.md): 4H rows → LSTM,
/// 3H → GRU, H → RNN; the count of <c>weight_ih_l{k}</c> gives the layers, <c>_reverse</c> the direction
/// count, <c>weight_hr</c> the projection. Metadata and the attribute supply what names cannot say.
/// </summary>
internal sealed class ArchitectureInference
{
    private readonly SafeTensorsReader _file;
    private readonly FileRequest _request;
    private readonly LocationInfo? _location;
    private readonly List<DiagnosticInfo> _diagnostics;

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
        string? prefix = FindPrefix();
        if (prefix is null)
        {
            return null;
        }
        bool isCell = !_file.TryGet(prefix + "weight_ih_l0", out _);
        string Suffix(int layer, int direction) => isCell ? "" : "_l" + layer.ToString(CultureInfo.InvariantCulture) + (direction == 1 ? "_reverse" : "");
        if (!TryTensor(prefix + "weight_ih" + Suffix(0, 0), out var ih0) || !TryTensor(prefix + "weight_hh" + Suffix(0, 0), out var hh0)
            || !Rank(ih0, 2) || !Rank(hh0, 2))
        {
            return null;
        }
        int projSize = 0;
        int hidden = hh0.Shape[1];
        if (_file.TryGet(prefix + "weight_hr" + Suffix(0, 0), out var hr0))
        {
            if (!Rank(hr0, 2))
            {
                return null;
            }
            projSize = hr0.Shape[0];
            hidden = hr0.Shape[1];
        }
        if (hidden == 0 || ih0.Shape[0] % hidden != 0)
        {
            return Malformed($"'{ih0.Name}' has {ih0.Shape[0]} rows, not a multiple of the hidden size {hidden} implied by '{hh0.Name}'");
        }
        int gates = ih0.Shape[0] / hidden;
        CellKind kind;
        switch (gates)
        {
            case 4: kind = CellKind.Lstm; break;
            case 3: kind = CellKind.Gru; break;
            case 1: kind = CellKind.Rnn; break;
            default: return Malformed($"'{ih0.Name}' has {ih0.Shape[0]} rows = {gates} × hidden {hidden}; expected 4 (LSTM), 3 (GRU) or 1 (RNN)");
        }
        if (!TryMetaValue(RecurrentMetadataKeys.Cell, RecurrentMetadataKeys.Accepted.Cells, ParseCell, out CellKind? metaCell))
        {
            return null;
        }
        foreach (var (declared, origin) in new[] { (_request.Cell, "the attribute's Cell"), (metaCell, "the file's " + RecurrentMetadataKeys.Cell + " metadata") })
        {
            if (declared is { } d && d != kind)
            {
                return Mismatch($"{origin} says {d.ToString().ToUpperInvariant()}, but '{ih0.Name}' has {gates} × {hidden} rows, which is a{(kind == CellKind.Lstm ? "n LSTM" : kind == CellKind.Gru ? " GRU" : "n RNN")}");
            }
        }

        int layers = 1;
        while (!isCell && _file.TryGet(prefix + "weight_ih" + Suffix(layers, 0), out _))
        {
            layers++;
        }
        bool bidirectional = !isCell && _file.TryGet(prefix + "weight_ih" + Suffix(0, 1), out _);
        bool hasBias = _file.TryGet(prefix + "bias_ih" + Suffix(0, 0), out _);
        if (_file.TryGet(prefix + "weight_ph" + Suffix(0, 0), out _))
        {
            return Unsupported("LSTM peepholes (weight_ph)", "the generator emits PyTorch's LSTM; run peephole models with the runtime's RecurrentModel");
        }
        if (MetaName(RecurrentMetadataKeys.Clip) is { } clip)
        {
            return Unsupported(RecurrentMetadataKeys.Clip + " = " + clip, "gate clipping is run by the runtime's RecurrentModel only");
        }
        if (!TryMetaValue(RecurrentMetadataKeys.InputForget, RecurrentMetadataKeys.Accepted.Booleans, ParseBoolean, out bool? inputForget))
        {
            return null;
        }
        if (inputForget == true)
        {
            return Unsupported(RecurrentMetadataKeys.InputForget, "coupled input/forget gates are run by the runtime's RecurrentModel only");
        }

        // An attribute argument replaces the metadata value; a metadata value that is read is checked as the
        // runtime checks it, so a file the runtime refuses is not compiled either.
        if (!Read(_request.GateActivation, RecurrentMetadataKeys.GateActivation, RecurrentMetadataKeys.Accepted.Activations, ParseActivation, out ActivationKind? gateValue)
            || !Read(_request.Nonlinearity, RecurrentMetadataKeys.Nonlinearity, RecurrentMetadataKeys.Accepted.Nonlinearities, ParseNonlinearity, out ActivationKind? nonlinearity)
            || !Read(_request.CandidateActivation, RecurrentMetadataKeys.CandidateActivation, RecurrentMetadataKeys.Accepted.Activations, ParseActivation, out ActivationKind? candidateValue)
            || !Read(_request.CellActivation, RecurrentMetadataKeys.CellActivation, RecurrentMetadataKeys.Accepted.Activations, ParseActivation, out ActivationKind? cellActivationValue)
            || !Read(_request.ResetBeforeMatmul, RecurrentMetadataKeys.GruReset, RecurrentMetadataKeys.Accepted.GruResets, ParseResetBefore, out bool? resetBeforeValue)
            || !Read(_request.HeadActivation, RecurrentMetadataKeys.HeadActivation, RecurrentMetadataKeys.Accepted.HeadActivations, ParseHeadActivation, out HeadActivationKind? headActivationValue))
        {
            return null;
        }
        var gate = gateValue ?? ActivationKind.Sigmoid;
        var candidate = (kind == CellKind.Rnn ? nonlinearity : null) ?? candidateValue ?? ActivationKind.Tanh;
        var cellActivation = (kind == CellKind.Lstm || _request.CellActivation is not null ? cellActivationValue : null) ?? ActivationKind.Tanh;
        bool resetBefore = _request.ResetBeforeMatmul ?? (kind == CellKind.Gru && resetBeforeValue == true);

        string? headPrefix = _request.Head ?? MetaName(RecurrentMetadataKeys.Head);
        int headSize = 0;
        bool headBias = false;
        int outputWidth = (bidirectional ? 2 : 1) * (projSize > 0 ? projSize : hidden);
        if (headPrefix is not null)
        {
            headPrefix = headPrefix.TrimEnd('.') + ".";
            if (!TryTensor(headPrefix + "weight", out var headWeight) || !Rank(headWeight, 2))
            {
                return null;
            }
            headSize = headWeight.Shape[0];
            headBias = _file.TryGet(headPrefix + "bias", out _);
        }
        var headActivation = headActivationValue ?? HeadActivationKind.None;
        if (_diagnostics.Count > 0)
        {
            return null;
        }

        var spec = new ModelSpec(kind, ih0.Shape[1], hidden, layers, bidirectional, projSize, hasBias, gate, candidate, cellActivation, resetBefore, headSize, headBias, headActivation, _request.FastActivations);
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
        if (headPrefix is not null && !Expect(headPrefix + "weight", headSize, outputWidth))
        {
            return null;
        }

        var parameters = new float[spec.ParameterCount];
        var layout = new ParameterLayout(spec);
        int rows = spec.GateCount * hidden;
        for (int i = 0; i < layout.Cells.Count; i++)
        {
            int layer = i / spec.Directions;
            int direction = i % spec.Directions;
            var p = layout.Cells[i];
            string suffix = Suffix(layer, direction);
            bool ok = Copy(prefix + "weight_ih" + suffix, parameters, p.WeightIh, rows, spec.LayerInputSize(layer))
                && Copy(prefix + "weight_hh" + suffix, parameters, p.WeightHh, rows, spec.HiddenOutputSize)
                && (!hasBias || (Copy(prefix + "bias_ih" + suffix, parameters, p.BiasIh, rows, 0) && Copy(prefix + "bias_hh" + suffix, parameters, p.BiasHh, rows, 0)))
                && (projSize == 0 || Copy(prefix + "weight_hr" + suffix, parameters, p.WeightHr, projSize, hidden));
            if (!ok)
            {
                return null;
            }
        }
        if (headPrefix is not null)
        {
            if (!Copy(headPrefix + "weight", parameters, layout.HeadWeight, headSize, outputWidth)
                || (headBias && !Copy(headPrefix + "bias", parameters, layout.HeadBias, headSize, 0)))
            {
                return null;
            }
        }
        return new InferredModel(spec, prefix.TrimEnd('.'), parameters);
    }

    /// <summary>The module prefix ("lstm." or ""): from the attribute, the metadata, or the only recurrent module in the file.</summary>
    private string? FindPrefix()
    {
        string? module = _request.Module ?? MetaName(RecurrentMetadataKeys.Module);
        if (module is not null)
        {
            string prefix = module.Length == 0 ? "" : module.TrimEnd('.') + ".";
            if (_file.TryGet(prefix + "weight_ih_l0", out _) || _file.TryGet(prefix + "weight_ih", out _))
            {
                return prefix;
            }
            Malformed($"it has no recurrent module '{module}' (no tensor '{prefix}weight_ih_l0' or '{prefix}weight_ih')");
            return null;
        }
        var prefixes = new List<string>();
        foreach (var tensor in _file.Tensors)
        {
            foreach (string suffix in new[] { "weight_ih_l0", "weight_ih" })
            {
                if (tensor.Name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    string candidate = tensor.Name.Substring(0, tensor.Name.Length - suffix.Length);
                    if ((candidate.Length == 0 || candidate.EndsWith(".", StringComparison.Ordinal)) && !prefixes.Contains(candidate))
                    {
                        prefixes.Add(candidate);
                    }
                }
            }
        }
        if (prefixes.Count == 1)
        {
            return prefixes[0];
        }
        Malformed(prefixes.Count == 0
            ? "it holds no tensor named weight_ih_l0 or weight_ih, so it is not a PyTorch recurrent module's state_dict"
            : "it holds several recurrent modules (" + string.Join(", ", prefixes.Select(p => "'" + p.TrimEnd('.') + "'")) + "); name one with Module");
        return null;
    }

    private bool Copy(string name, float[] destination, int offset, int rows, int columns)
    {
        if (!Expect(name, rows, columns))
        {
            return false;
        }
        _file.TryGet(name, out var tensor);
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

    /// <summary>Checks that a tensor exists with shape (rows, columns), or (rows) when columns is 0.</summary>
    private bool Expect(string name, int rows, int columns)
    {
        if (!TryTensor(name, out var tensor))
        {
            return false;
        }
        bool matches = columns == 0
            ? tensor.Shape.Length == 1 && tensor.Shape[0] == rows
            : tensor.Shape.Length == 2 && tensor.Shape[0] == rows && tensor.Shape[1] == columns;
        if (!matches)
        {
            string expected = columns == 0 ? $"[{rows}]" : $"[{rows}, {columns}]";
            Mismatch($"tensor '{name}' has shape {tensor.ShapeText}, but the model it belongs to needs {expected}");
            return false;
        }
        return true;
    }

    private bool TryTensor(string name, out TensorEntry tensor)
    {
        if (_file.TryGet(name, out tensor))
        {
            return true;
        }
        Malformed($"tensor '{name}' is missing");
        return false;
    }

    private bool Rank(TensorEntry tensor, int rank)
    {
        if (tensor.Shape.Length == rank)
        {
            return true;
        }
        Malformed($"tensor '{tensor.Name}' has shape {tensor.ShapeText}; expected a matrix");
        return false;
    }

    /// <summary>A name from the metadata (module, head prefix, clip): trimmed, case kept, as the runtime reads it.</summary>
    private string? MetaName(string key) => _file.Metadata.TryGetValue(key, out string value) ? value.Trim() : null;

    /// <summary>
    /// An enumerated metadata value, trimmed and lower-cased as the runtime reads it. A value outside
    /// <paramref name="expected"/> is reported (RAOT007) and gives false: the runtime refuses such a file, so
    /// falling back to a default here would compile a different model than the file describes.
    /// </summary>
    private bool TryMetaValue<T>(string key, string expected, Func<string, T?> parse, out T? value)
        where T : struct
    {
        value = null;
        if (MetaName(key) is not { } raw)
        {
            return true;
        }
        value = parse(raw.ToLowerInvariant());
        if (value is null)
        {
            Malformed($"metadata {key} = '{raw}' is not valid: expected {expected}");
            return false;
        }
        return true;
    }

    /// <summary>The attribute's value when it gives one, else the checked metadata value (see <see cref="TryMetaValue"/>).</summary>
    private bool Read<T>(T? requested, string key, string expected, Func<string, T?> parse, out T? value)
        where T : struct
    {
        if (requested is not null)
        {
            value = requested;
            return true;
        }
        return TryMetaValue(key, expected, parse, out value);
    }

    private static CellKind? ParseCell(string value) => value switch
    {
        "lstm" => CellKind.Lstm,
        "gru" => CellKind.Gru,
        "rnn" => CellKind.Rnn,
        _ => null,
    };

    private static ActivationKind? ParseActivation(string value) => value switch
    {
        "sigmoid" => ActivationKind.Sigmoid,
        "hard_sigmoid" => ActivationKind.HardSigmoid,
        "tanh" => ActivationKind.Tanh,
        "relu" => ActivationKind.Relu,
        _ => null,
    };

    private static ActivationKind? ParseNonlinearity(string value) => value switch
    {
        "tanh" => ActivationKind.Tanh,
        "relu" => ActivationKind.Relu,
        _ => null,
    };

    private static bool? ParseResetBefore(string value) => value switch
    {
        "after" => false,
        "before" => true,
        _ => null,
    };

    private static bool? ParseBoolean(string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    private static HeadActivationKind? ParseHeadActivation(string value) => value switch
    {
        "none" => HeadActivationKind.None,
        "sigmoid" => HeadActivationKind.Sigmoid,
        "softmax" => HeadActivationKind.Softmax,
        _ => null,
    };

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
}
