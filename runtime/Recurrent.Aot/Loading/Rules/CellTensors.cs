using System.Collections.Generic;

namespace Recurrent.Aot.Loading.Rules;

/// <summary>The shapes of one cell's tensors (one layer, one direction), checked against each other and against the first cell.</summary>
internal sealed class CellTensors
{
    private readonly string _prefix;
    private readonly string _suffix;

    private CellTensors(string prefix, string suffix)
    {
        _prefix = prefix;
        _suffix = suffix;
    }

    public int Rows { get; private set; }

    public int InputSize { get; private set; }

    public int HiddenSize { get; private set; }

    public int ProjSize { get; private set; }

    public bool HasBias { get; private set; }

    public bool HasPeepholes { get; private set; }

    public bool HasInitialHidden { get; private set; }

    public bool HasInitialCell { get; private set; }

    public int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    public int GateCount => HiddenSize > 0 && Rows % HiddenSize == 0 ? Rows / HiddenSize : 0;

    public string Name(string tensor) => _prefix + tensor + _suffix;

    /// <summary>The base names (no suffix) of the tensors every cell of <paramref name="arch"/> has.</summary>
    public static IEnumerable<string> Names(FileArchitecture arch)
    {
        yield return "weight_ih";
        yield return "weight_hh";
        if (arch.HasBias)
        {
            yield return "bias_ih";
            yield return "bias_hh";
        }
        if (arch.ProjSize > 0)
        {
            yield return "weight_hr";
        }
        if (arch.Peepholes)
        {
            yield return "weight_ph";
        }
        if (arch.HasInitialState)
        {
            yield return "initial_h";
            if (arch.Cell == "lstm")
            {
                yield return "initial_c";
            }
        }
    }

    public static CellTensors Read(ITensorDirectory file, FileArchitecture arch, int layer, int direction)
    {
        var cell = new CellTensors(arch.Prefix, arch.Suffix(layer, direction));
        int[] ih = cell.Require(file, "weight_ih", "(gates·hidden, input)");
        int[] hh = cell.Require(file, "weight_hh", "(gates·hidden, hidden)");
        cell.Rows = ih[0];
        cell.InputSize = ih[1];
        if (hh[0] != ih[0])
        {
            throw RuleFailure.Malformed($"{cell.Name("weight_hh")} has {hh[0]} rows but {cell.Name("weight_ih")} has {ih[0]}: both hold the same gates, so the row counts must match.");
        }

        bool hasProjection = file.TryGetShape(cell.Name("weight_hr"), out int[] hr);
        if (hasProjection)
        {
            if (hr.Length != 2)
            {
                throw RuleFailure.Malformed($"{cell.Name("weight_hr")} has shape ({ArchitectureRules.Shape(hr)}): expected (proj_size, hidden).");
            }
            cell.ProjSize = hr[0];
            cell.HiddenSize = hr[1];
        }
        else
        {
            cell.HiddenSize = hh[1];
        }

        if (cell.HiddenSize < 1 || cell.InputSize < 1 || (hasProjection && cell.ProjSize < 1))
        {
            throw RuleFailure.Malformed($"{cell.Name("weight_ih")} has shape ({ih[0]}, {ih[1]}) with hidden size {cell.HiddenSize}: sizes must be at least 1.");
        }
        if (hh[1] != cell.OutputSize)
        {
            throw RuleFailure.Malformed($"{cell.Name("weight_hh")} has {hh[1]} columns: expected {cell.OutputSize} ({(cell.ProjSize > 0 ? "the proj_size of weight_hr" : "the hidden size")}).");
        }
        if (cell.GateCount == 0)
        {
            throw RuleFailure.Malformed($"{cell.Name("weight_ih")} has {cell.Rows} rows, not a multiple of the hidden size {cell.HiddenSize}.");
        }

        bool hasIh = file.TryGetShape(cell.Name("bias_ih"), out int[] bih);
        bool hasHh = file.TryGetShape(cell.Name("bias_hh"), out int[] bhh);
        if (hasIh != hasHh)
        {
            throw RuleFailure.Malformed($"{cell.Name(hasIh ? "bias_hh" : "bias_ih")} is missing: a cell has both biases or neither.");
        }
        cell.HasBias = hasIh;
        if (hasIh)
        {
            cell.ExpectVector("bias_ih", bih, cell.Rows, "gates·hidden");
            cell.ExpectVector("bias_hh", bhh, cell.Rows, "gates·hidden");
        }

        cell.HasPeepholes = cell.Optional(file, "weight_ph", 3 * cell.HiddenSize, "3·hidden: i, f, o");
        cell.HasInitialHidden = cell.Optional(file, "initial_h", cell.OutputSize, "the size of h");
        cell.HasInitialCell = cell.Optional(file, "initial_c", cell.HiddenSize, "the hidden size");
        return cell;
    }

    /// <summary>Every cell of a model matches the first in gates, sizes and which optional tensors it has.</summary>
    public void CheckAgainst(CellTensors first, int expectedInput)
    {
        if (InputSize != expectedInput)
        {
            throw RuleFailure.Malformed($"{Name("weight_ih")} has {InputSize} columns: expected {expectedInput} (the previous layer's directions × output size).");
        }
        if (Rows != first.Rows || HiddenSize != first.HiddenSize || ProjSize != first.ProjSize)
        {
            throw RuleFailure.Malformed($"{Name("weight_ih")} describes {Rows} gate rows, hidden size {HiddenSize}, projection {ProjSize}, but {first.Name("weight_ih")} has {first.Rows}, {first.HiddenSize}, {first.ProjSize}: every layer and direction must match.");
        }
        Agree("bias_ih", HasBias, first.HasBias, "biases");
        Agree("weight_ph", HasPeepholes, first.HasPeepholes, "peepholes");
        Agree("initial_h", HasInitialHidden, first.HasInitialHidden, "a learned initial state");
        Agree("initial_c", HasInitialCell, first.HasInitialCell, "a learned initial cell state");

        void Agree(string tensor, bool mine, bool firsts, string what)
        {
            if (mine != firsts)
            {
                throw RuleFailure.Malformed($"{Name(tensor)} is {(mine ? "present" : "missing")} but {first.Name(tensor)} is {(firsts ? "present" : "missing")}: every layer and direction must agree on {what}.");
            }
        }
    }

    private int[] Require(ITensorDirectory file, string tensor, string expected)
    {
        string name = Name(tensor);
        if (!file.TryGetShape(name, out int[] shape))
        {
            throw RuleFailure.Malformed($"Tensor {name} is missing: expected shape {expected}.");
        }
        if (shape.Length != 2)
        {
            throw RuleFailure.Malformed($"{name} has shape ({ArchitectureRules.Shape(shape)}): expected {expected}.");
        }
        return shape;
    }

    private bool Optional(ITensorDirectory file, string tensor, int length, string meaning)
    {
        if (!file.TryGetShape(Name(tensor), out int[] shape))
        {
            return false;
        }
        ExpectVector(tensor, shape, length, meaning);
        return true;
    }

    private void ExpectVector(string tensor, int[] shape, int length, string meaning)
    {
        if (shape.Length != 1 || shape[0] != length)
        {
            throw RuleFailure.Malformed($"{Name(tensor)} has shape ({ArchitectureRules.Shape(shape)}): expected ({length}) ({meaning}).");
        }
    }
}
