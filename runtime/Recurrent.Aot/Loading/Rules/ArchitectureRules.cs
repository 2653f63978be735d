using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Loading.Rules;

/// <summary>
/// The one set of rules that turns a weights file into a model (docs/file-format.md), compiled into the runtime and
/// into the generator so that <c>RecurrentModel.Load</c>, generated shape-only <c>Load</c> and embedded declarations
/// cannot disagree. Names and shapes give the architecture (4H rows → LSTM, 3H → GRU, H → RNN; <c>_l{k}</c> layers;
/// <c>_reverse</c> directions; <c>weight_hr</c> projection); metadata and the caller's request give what names cannot.
/// Every tensor directly under the module's prefix must be one the model reads: an unknown one is an error naming it.
/// </summary>
internal static class ArchitectureRules
{
    private const string LayeredSuffix = "weight_ih_l0";
    private const string CellSuffix = "weight_ih";

    /// <summary>Reads the architecture, or throws (<see cref="RuleFailure"/>) naming the tensor or key at fault.</summary>
    public static FileArchitecture Read(ITensorDirectory file, ArchitectureRequest request)
    {
        var metadata = new MetadataValues(file.Metadata);
        var arch = new FileArchitecture();
        (arch.Prefix, arch.IsCell) = ChooseModule(file, request.Module, metadata);

        arch.Layers = arch.IsCell ? 1 : CountLayers(file, arch.Prefix);
        arch.Bidirectional = !arch.IsCell && file.TryGetShape(arch.Prefix + "weight_ih_l0_reverse", out _);

        CellTensors first = CellTensors.Read(file, arch, 0, 0);
        arch.Cell = ResolveCell(first, request, metadata);
        arch.InputSize = first.InputSize;
        arch.HiddenSize = first.HiddenSize;
        arch.ProjSize = first.ProjSize;
        arch.HasBias = first.HasBias;
        arch.Peepholes = first.HasPeepholes;
        arch.HasInitialState = first.HasInitialHidden;
        CheckKindSpecificTensors(first, arch.Cell);
        for (int layer = 0; layer < arch.Layers; layer++)
        {
            for (int direction = 0; direction < arch.Directions; direction++)
            {
                CellTensors cell = layer == 0 && direction == 0 ? first : CellTensors.Read(file, arch, layer, direction);
                cell.CheckAgainst(first, arch.LayerInputSize(layer));
            }
        }

        ReadOptions(arch, request, metadata);
        arch.StoredPrecision = WeightScales.DeclaredPrecision(metadata);
        ReadHead(file, arch, request, metadata);
        RejectUnknownTensors(file, arch);
        return arch;
    }

    /// <summary>Gate rows per hidden unit of a cell token.</summary>
    public static int GateCount(string cell) => cell switch
    {
        "lstm" => 4,
        "gru" => 3,
        "rnn" => 1,
        _ => 0,
    };

    /// <summary>Every recurrent module of the file, in file order: its prefix (trailing dot included) and whether it is a single cell.</summary>
    public static List<(string Prefix, bool IsCell)> FindModules(ITensorDirectory file)
    {
        var modules = new List<(string Prefix, bool IsCell)>();
        foreach (string name in file.Names)
        {
            foreach ((string suffix, bool isCell) in new[] { (LayeredSuffix, false), (CellSuffix, true) })
            {
                if (!name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    continue;
                }
                string prefix = name.Substring(0, name.Length - suffix.Length);
                if ((prefix.Length == 0 || prefix[prefix.Length - 1] == '.') && !modules.Any(m => m.Prefix == prefix))
                {
                    modules.Add((prefix, isCell));
                }
            }
        }
        return modules;
    }

    /// <summary>
    /// The module named by <paramref name="requested"/> (a trailing dot optional), else the one the file's
    /// <c>recurrent.module</c> metadata names, else the only one; an error listing the file's modules when none fits.
    /// </summary>
    public static (string Prefix, bool IsCell) ChooseModule(ITensorDirectory file, string? requested, MetadataValues metadata)
    {
        string source = requested is not null ? "asked for" : $"named by the {RecurrentMetadataKeys.Module} metadata";
        requested ??= metadata.Text(RecurrentMetadataKeys.Module);
        List<(string Prefix, bool IsCell)> modules = FindModules(file);
        string found = modules.Count == 0 ? "none" : string.Join(", ", modules.Select(m => $"'{DisplayName(m.Prefix)}'"));
        if (requested is null)
        {
            if (modules.Count == 1)
            {
                return modules[0];
            }
            if (modules.Count == 0)
            {
                throw RuleFailure.Malformed("The file holds no recurrent module: expected a tensor named weight_ih_l0 or weight_ih (under any prefix).");
            }
            throw RuleFailure.Malformed($"The file holds several modules ({found}); choose one with --module (ModelLoadOptions.Module, the attribute's Module) or the {RecurrentMetadataKeys.Module} metadata.");
        }

        string trimmed = requested.TrimEnd('.');
        string prefix = trimmed.Length == 0 ? "" : trimmed + ".";
        foreach (var module in modules)
        {
            if (module.Prefix == prefix)
            {
                return module;
            }
        }
        throw RuleFailure.Mismatch($"The file has no module '{requested}' ({source}); its modules are {found}.");
    }

    /// <summary>A prefix as users write it: without the trailing dot, "(none)" for the file's top level.</summary>
    public static string DisplayName(string prefix) => prefix.Length == 0 ? "(none)" : prefix.TrimEnd('.');

    private static int CountLayers(ITensorDirectory file, string prefix)
    {
        int layers = 0;
        while (file.TryGetShape(prefix + "weight_ih_l" + layers.ToString(CultureInfo.InvariantCulture), out _))
        {
            layers++;
        }
        string stem = prefix + "weight_ih_l";
        foreach (string name in file.Names)
        {
            // A layer index past the first gap means a missing layer, not a smaller model.
            if (name.StartsWith(stem, StringComparison.Ordinal)
                && int.TryParse(Strip(name.Substring(stem.Length), "_reverse"), NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= layers)
            {
                throw RuleFailure.Malformed($"Tensor {name} is present but {stem}{layers} is missing: layers must be numbered 0, 1, 2, ... without gaps.");
            }
        }
        return layers;
    }

    private static string Strip(string text, string suffix)
        => text.EndsWith(suffix, StringComparison.Ordinal) ? text.Substring(0, text.Length - suffix.Length) : text;

    private static string ResolveCell(CellTensors shape, ArchitectureRequest request, MetadataValues metadata)
    {
        string? inferred = shape.GateCount switch { 4 => "lstm", 3 => "gru", 1 => "rnn", _ => null };
        if (inferred is null)
        {
            throw RuleFailure.Malformed($"{shape.Name("weight_ih")} has {shape.Rows} rows for hidden size {shape.HiddenSize}: expected 4·H (LSTM), 3·H (GRU) or H (RNN) rows.");
        }
        // The caller's kind replaces the metadata's (as every requested option does); either must fit the shapes.
        bool fromCaller = request.Cell is not null;
        string? declared = request.Cell ?? metadata.Token(RecurrentMetadataKeys.Cell, RecurrentMetadataKeys.Accepted.Cells);
        if (declared is not null && declared != inferred)
        {
            string source = fromCaller ? request.Source + " says" : $"metadata {RecurrentMetadataKeys.Cell} says";
            int rows = GateCount(declared) * shape.HiddenSize;
            string message = $"{source} {declared.ToUpperInvariant()} but {shape.Name("weight_ih")} has {shape.Rows} rows for hidden size {shape.HiddenSize}, which is {inferred.ToUpperInvariant()} ({GateCount(declared)}·H = {rows} rows expected for {declared.ToUpperInvariant()}).";
            throw fromCaller ? RuleFailure.Mismatch(message) : RuleFailure.Malformed(message);
        }
        return inferred;
    }

    private static void CheckKindSpecificTensors(CellTensors shape, string cell)
    {
        string kind = cell.ToUpperInvariant();
        if (shape.ProjSize > 0 && cell != "lstm")
        {
            throw RuleFailure.Malformed($"{shape.Name("weight_hr")} is a projection, which only LSTM cells have, but the shapes say {kind}.");
        }
        if (shape.HasPeepholes && cell != "lstm")
        {
            throw RuleFailure.Malformed($"{shape.Name("weight_ph")} holds peepholes, which only LSTM cells have, but the shapes say {kind}.");
        }
        if (shape.HasInitialCell && cell != "lstm")
        {
            throw RuleFailure.Malformed($"{shape.Name("initial_c")} is a cell state, which only LSTM cells have, but the shapes say {kind}.");
        }
        if (cell == "lstm" && shape.HasInitialHidden != shape.HasInitialCell)
        {
            throw RuleFailure.Malformed($"{shape.Name(shape.HasInitialHidden ? "initial_c" : "initial_h")} is missing: a learned LSTM initial state has both initial_h and initial_c.");
        }
    }

    private static void ReadOptions(FileArchitecture arch, ArchitectureRequest request, MetadataValues metadata)
    {
        string cell = arch.Cell;
        string? nonlinearity = Option(request.Nonlinearity, "nonlinearity", RecurrentMetadataKeys.Nonlinearity, RecurrentMetadataKeys.Accepted.Nonlinearities, request, metadata);
        string? candidate = Option(request.CandidateActivation, "candidate activation", RecurrentMetadataKeys.CandidateActivation, RecurrentMetadataKeys.Accepted.Activations, request, metadata);
        string? gate = Option(request.GateActivation, "gate activation", RecurrentMetadataKeys.GateActivation, RecurrentMetadataKeys.Accepted.Activations, request, metadata);
        string? cellActivation = Option(request.CellActivation, "cell activation", RecurrentMetadataKeys.CellActivation, RecurrentMetadataKeys.Accepted.Activations, request, metadata);
        string? reset = Option(request.GruReset, "GRU reset convention", RecurrentMetadataKeys.GruReset, RecurrentMetadataKeys.Accepted.GruResets, request, metadata);
        bool inputForget = request.InputForget ?? metadata.Boolean(RecurrentMetadataKeys.InputForget) ?? false;
        metadata.Boolean(RecurrentMetadataKeys.BatchFirst);

        // An RNN's activation is its nonlinearity; options that do not apply to the cell kind keep their default,
        // so two readings of the same model compare equal whatever the file says about them.
        arch.CandidateActivation = (cell == "rnn" ? nonlinearity : null) ?? candidate ?? "tanh";
        arch.GateActivation = cell == "rnn" ? "sigmoid" : gate ?? "sigmoid";
        arch.CellActivation = cell == "lstm" ? cellActivation ?? "tanh" : "tanh";
        arch.GruReset = cell == "gru" ? reset ?? "after" : "after";
        SettleParameters(arch, request, metadata, nonlinearity);
        string? direction = metadata.Token(RecurrentMetadataKeys.Direction, RecurrentMetadataKeys.Accepted.Directions);
        arch.Reverse = direction == "reverse";
        if (arch.Reverse && arch.Bidirectional)
        {
            throw RuleFailure.Malformed($"Metadata {RecurrentMetadataKeys.Direction} = reverse describes a unidirectional module read backwards, but module '{arch.ModuleName}' is bidirectional (it has _reverse tensors).");
        }
        arch.Clip = request.Clip ?? metadata.PositiveNumber(RecurrentMetadataKeys.Clip);
        if (arch.Clip is float clip && !(clip > 0 && !float.IsInfinity(clip)))
        {
            throw RuleFailure.Mismatch($"{request.Source} gives clip {clip.ToString(CultureInfo.InvariantCulture)}: expected a positive number.");
        }
        if (inputForget && cell != "lstm")
        {
            throw RuleFailure.Malformed($"input_forget applies to LSTM cells only; this module is {cell.ToUpperInvariant()}.");
        }
        arch.InputForget = inputForget;
    }

    /// <summary>
    /// α and β of each activation that applies to the cell kind: the file's values belong to the file's activation, so
    /// they are read only when the activation itself came from the file (not from the caller, nor an RNN's nonlinearity).
    /// </summary>
    private static void SettleParameters(FileArchitecture arch, ArchitectureRequest request, MetadataValues metadata, string? nonlinearity)
    {
        bool gateApplies = arch.Cell != "rnn", cellApplies = arch.Cell == "lstm";
        (arch.GateAlpha, arch.GateBeta) = gateApplies
            ? Parameters(arch.GateActivation, request.GateActivation is null, RecurrentMetadataKeys.GateActivation, RecurrentMetadataKeys.GateActivationAlpha, RecurrentMetadataKeys.GateActivationBeta, metadata)
            : (null, null);
        bool candidateFromFile = request.CandidateActivation is null && (arch.Cell != "rnn" || (request.Nonlinearity is null && nonlinearity is null));
        (arch.CandidateAlpha, arch.CandidateBeta) = Parameters(arch.CandidateActivation, candidateFromFile, RecurrentMetadataKeys.CandidateActivation, RecurrentMetadataKeys.CandidateActivationAlpha, RecurrentMetadataKeys.CandidateActivationBeta, metadata);
        (arch.CellAlpha, arch.CellBeta) = cellApplies
            ? Parameters(arch.CellActivation, request.CellActivation is null, RecurrentMetadataKeys.CellActivation, RecurrentMetadataKeys.CellActivationAlpha, RecurrentMetadataKeys.CellActivationBeta, metadata)
            : (null, null);
    }

    private static (float? Alpha, float? Beta) Parameters(string token, bool fromFile, string activationKey, string alphaKey, string betaKey, MetadataValues metadata)
    {
        float? alpha = metadata.Number(alphaKey);
        float? beta = metadata.Number(betaKey);
        if (!fromFile)
        {
            alpha = null;
            beta = null;
        }
        return (ActivationTokens.Settle(token, alpha, alpha: true, activationKey, alphaKey), ActivationTokens.Settle(token, beta, alpha: false, activationKey, betaKey));
    }

    /// <summary>The caller's value (checked) when given, else the metadata's (checked), else null.</summary>
    private static string? Option(string? requested, string what, string key, string accepted, ArchitectureRequest request, MetadataValues metadata)
        => requested is not null ? MetadataValues.Check(requested, what, accepted, request.Source) : metadata.Token(key, accepted);

    private static void ReadHead(ITensorDirectory file, FileArchitecture arch, ArchitectureRequest request, MetadataValues metadata)
    {
        string? name = request.Head ?? metadata.Text(RecurrentMetadataKeys.Head);
        string? activation = Option(request.HeadActivation, "head activation", RecurrentMetadataKeys.HeadActivation, RecurrentMetadataKeys.Accepted.HeadActivations, request, metadata);
        if (name is null || name.Length == 0)
        {
            return;
        }
        string prefix = name.TrimEnd('.') + ".";
        int features = arch.Directions * arch.OutputSize;
        string weightName = prefix + "weight";
        if (!file.TryGetShape(weightName, out int[] weight))
        {
            throw RuleFailure.Malformed($"The head '{name}' has no tensor {weightName}: expected shape (outputs, {features}).");
        }
        if (weight.Length != 2 || weight[1] != features || weight[0] < 1)
        {
            throw RuleFailure.Malformed($"{weightName} has shape ({Shape(weight)}): expected (outputs, {features}) to follow the recurrent layers.");
        }
        int outputs = weight[0];
        if (file.TryGetShape(prefix + "bias", out int[] bias))
        {
            if (bias.Length != 1 || bias[0] != outputs)
            {
                throw RuleFailure.Malformed($"{prefix}bias has shape ({Shape(bias)}): expected ({outputs}).");
            }
            arch.HeadHasBias = true;
        }
        arch.HeadPrefix = prefix;
        arch.HeadSize = outputs;
        arch.HeadActivation = activation ?? "none";
        string headScale = WeightScales.NameOf(WeightScales.HeadMatrix);
        foreach (string tensor in DirectlyUnder(file, prefix))
        {
            if (tensor != "weight" && tensor != "bias" && tensor != headScale)
            {
                throw RuleFailure.Malformed($"Tensor {prefix}{tensor} is not part of the Linear head '{name}': a head has only {prefix}weight and {prefix}bias (and {prefix}{headScale} for int8 weights).");
            }
        }
        WeightScales.CheckShape(file, weightName);
    }

    private static void RejectUnknownTensors(ITensorDirectory file, FileArchitecture arch)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (int layer = 0; layer < arch.Layers; layer++)
        {
            for (int direction = 0; direction < arch.Directions; direction++)
            {
                foreach (string tensor in CellTensors.Names(arch))
                {
                    known.Add(tensor + arch.Suffix(layer, direction));
                    if (Array.IndexOf(WeightScales.CellMatrices, tensor) >= 0)
                    {
                        // An int8 matrix's per-row scales belong to the module too; their shape is checked here.
                        known.Add(WeightScales.NameOf(tensor + arch.Suffix(layer, direction)));
                        WeightScales.CheckShape(file, arch.Prefix + tensor + arch.Suffix(layer, direction));
                    }
                }
            }
        }
        foreach (string tensor in DirectlyUnder(file, arch.Prefix))
        {
            if (!known.Contains(tensor))
            {
                string layers = arch.IsCell ? "a single cell" : $"{arch.Layers} layer{(arch.Layers == 1 ? "" : "s")}, {(arch.Bidirectional ? "bidirectional" : "one direction")}";
                string suffixes = arch.IsCell ? "no suffix" : $"suffixes _l0 to _l{arch.Layers - 1}{(arch.Bidirectional ? ", each also with _reverse" : "")}";
                throw RuleFailure.Malformed($"Tensor {arch.Prefix}{tensor} is not part of module '{arch.ModuleName}' ({arch.Cell.ToUpperInvariant()}, {layers}), so a loader would ignore it: expected only {string.Join(", ", CellTensors.Names(arch))} with {suffixes} (and {WeightScales.Suffix} after an int8 weight's name).");
            }
        }
    }

    /// <summary>The names (prefix removed) of the tensors whose name is the prefix plus one dot-free segment.</summary>
    private static IEnumerable<string> DirectlyUnder(ITensorDirectory file, string prefix)
    {
        foreach (string name in file.Names)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.IndexOf('.', prefix.Length) < 0 && name.Length > prefix.Length)
            {
                yield return name.Substring(prefix.Length);
            }
        }
    }

    internal static string Shape(int[] shape) => string.Join(", ", shape);
}
