using Recurrent.Aot.IO;

namespace Recurrent.Aot.Loading;

/// <summary>The shapes of one cell's tensors (one layer, one direction), checked against each other.</summary>
internal sealed class CellShape
{
    private CellShape(string prefix, string suffix)
    {
        Prefix = prefix;
        Suffix = suffix;
    }

    public string Prefix { get; }

    public string Suffix { get; }

    public int Rows { get; private set; }

    public int InputSize { get; private set; }

    public int HiddenSize { get; private set; }

    public int ProjSize { get; private set; }

    public bool HasBias { get; private set; }

    public bool HasPeepholes { get; private set; }

    public int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    public int GateCount => Rows % HiddenSize == 0 ? Rows / HiddenSize : 0;

    public string Name(string tensor) => $"{Prefix}{tensor}{Suffix}";

    public static CellShape Read(SafeTensorsFile file, string prefix, string suffix)
    {
        var shape = new CellShape(prefix, suffix);
        int[] ih = shape.Require(file, "weight_ih", 2, "(gates·hidden, input)");
        int[] hh = shape.Require(file, "weight_hh", 2, "(gates·hidden, hidden)");
        shape.Rows = ih[0];
        shape.InputSize = ih[1];
        if (hh[0] != ih[0])
            throw new WeightsFormatException($"{shape.Name("weight_hh")} has {hh[0]} rows but {shape.Name("weight_ih")} has {ih[0]}: both hold the same gates, so the row counts must match.");

        if (file.TryGetTensor(shape.Name("weight_hr"), out TensorInfo? hr))
        {
            if (hr.Shape.Length != 2)
                throw new WeightsFormatException($"{hr.Name} has shape ({string.Join(", ", hr.Shape)}): expected (proj_size, hidden).");
            shape.ProjSize = hr.Shape[0];
            shape.HiddenSize = hr.Shape[1];
        }
        else
        {
            shape.HiddenSize = hh[1];
        }

        if (shape.HiddenSize < 1 || shape.InputSize < 1)
            throw new WeightsFormatException($"{shape.Name("weight_ih")} has shape ({ih[0]}, {ih[1]}) with hidden size {shape.HiddenSize}: sizes must be at least 1.");
        if (hh[1] != shape.OutputSize)
            throw new WeightsFormatException($"{shape.Name("weight_hh")} has {hh[1]} columns: expected {shape.OutputSize} ({(shape.ProjSize > 0 ? "the proj_size of weight_hr" : "the hidden size")}).");
        if (shape.GateCount == 0)
            throw new WeightsFormatException($"{shape.Name("weight_ih")} has {shape.Rows} rows, not a multiple of the hidden size {shape.HiddenSize}.");

        bool hasIh = file.TryGetTensor(shape.Name("bias_ih"), out TensorInfo? bih);
        bool hasHh = file.TryGetTensor(shape.Name("bias_hh"), out TensorInfo? bhh);
        if (hasIh != hasHh)
            throw new WeightsFormatException($"{shape.Name(hasIh ? "bias_hh" : "bias_ih")} is missing: a cell has both biases or neither.");
        shape.HasBias = hasIh;
        if (hasIh)
        {
            ExpectVector(bih!, shape.Rows);
            ExpectVector(bhh!, shape.Rows);
        }

        if (file.TryGetTensor(shape.Name("weight_ph"), out TensorInfo? ph))
        {
            ExpectVector(ph, 3 * shape.HiddenSize);
            shape.HasPeepholes = true;
        }

        return shape;
    }

    public CellWeights ReadWeights(SafeTensorsFile file) => new()
    {
        WeightIh = file.ReadFloat32(Name("weight_ih")),
        WeightHh = file.ReadFloat32(Name("weight_hh")),
        BiasIh = HasBias ? file.ReadFloat32(Name("bias_ih")) : null,
        BiasHh = HasBias ? file.ReadFloat32(Name("bias_hh")) : null,
        WeightHr = ProjSize > 0 ? file.ReadFloat32(Name("weight_hr")) : null,
        Peepholes = HasPeepholes ? file.ReadFloat32(Name("weight_ph")) : null,
    };

    private int[] Require(SafeTensorsFile file, string tensor, int rank, string expected)
    {
        string name = Name(tensor);
        if (!file.TryGetTensor(name, out TensorInfo? info))
            throw new WeightsFormatException($"Tensor {name} is missing: expected shape {expected}.");
        if (info.Shape.Length != rank)
            throw new WeightsFormatException($"{name} has shape ({string.Join(", ", info.Shape)}): expected {expected}.");
        return info.Shape;
    }

    private static void ExpectVector(TensorInfo tensor, int length)
    {
        if (tensor.Shape.Length != 1 || tensor.Shape[0] != length)
            throw new WeightsFormatException($"{tensor.Name} has shape ({string.Join(", ", tensor.Shape)}): expected ({length}).");
    }
}
