using Recurrent.Aot.IO;
using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot.Loading;

/// <summary>
/// Reads a model from a safetensors file: the architecture by the shared rules (<see cref="ArchitectureRules"/>,
/// the same the generator applies at compile time), then every tensor those rules name. Every inconsistency is a
/// <see cref="WeightsFormatException"/> naming the tensor or key.
/// </summary>
internal sealed class ModelReader(SafeTensorsFile file, ModelLoadOptions? options)
{
    public (ModelSpec Spec, CellWeights[] Weights, HeadWeights? Head) Read()
    {
        FileArchitecture arch = Architecture();
        var weights = new CellWeights[arch.Layers * arch.Directions];
        for (int layer = 0; layer < arch.Layers; layer++)
        {
            for (int direction = 0; direction < arch.Directions; direction++)
                weights[layer * arch.Directions + direction] = ReadCell(arch, layer, direction);
        }

        HeadWeights? head = null;
        if (arch.HeadPrefix is { } prefix)
        {
            (float[] values, Kernels.Packing.Int8Matrix? int8) = WeightMatrixReader.Read(file, prefix + WeightScales.HeadMatrix, arch.StoredPrecision);
            head = new HeadWeights { Weight = values, Bias = arch.HeadHasBias ? file.ReadFloat32(prefix + "bias") : null, StoredInt8Weight = int8 };
        }

        return (RuleAdapter.Spec(arch), weights, head);
    }

    /// <summary>The architecture alone (no weights read).</summary>
    public FileArchitecture Architecture()
        => ArchitectureRules.Read(new SafeTensorsDirectory(file), RuleAdapter.Request(options ?? new ModelLoadOptions()));

    private CellWeights ReadCell(FileArchitecture arch, int layer, int direction)
    {
        float[]? Optional(bool present, string tensor) => present ? file.ReadFloat32(arch.TensorName(tensor, layer, direction)) : null;
        (float[] Values, Kernels.Packing.Int8Matrix? Int8) Matrix(string tensor) => WeightMatrixReader.Read(file, arch.TensorName(tensor, layer, direction), arch.StoredPrecision);
        bool lstm = arch.Cell == "lstm";
        var ih = Matrix("weight_ih");
        var hh = Matrix("weight_hh");
        var hr = arch.ProjSize > 0 ? Matrix("weight_hr") : default;
        return new CellWeights
        {
            WeightIh = ih.Values,
            WeightHh = hh.Values,
            WeightHr = hr.Values,
            StoredInt8 = ih.Int8 is null && hh.Int8 is null && hr.Int8 is null ? null : new StoredInt8Weights(ih.Int8, hh.Int8, hr.Int8),
            BiasIh = Optional(arch.HasBias, "bias_ih"),
            BiasHh = Optional(arch.HasBias, "bias_hh"),
            Peepholes = Optional(arch.Peepholes, "weight_ph"),
            InitialHidden = Optional(arch.HasInitialState, "initial_h"),
            InitialCell = Optional(arch.HasInitialState && lstm, "initial_c"),
        };
    }
}
