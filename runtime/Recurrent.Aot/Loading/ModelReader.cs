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

        HeadWeights? head = arch.HeadPrefix is { } prefix
            ? new HeadWeights { Weight = file.ReadFloat32(prefix + "weight"), Bias = arch.HeadHasBias ? file.ReadFloat32(prefix + "bias") : null }
            : null;
        return (RuleTokens.Spec(arch), weights, head);
    }

    /// <summary>The architecture alone (no weights read).</summary>
    public FileArchitecture Architecture()
        => ArchitectureRules.Read(new SafeTensorsDirectory(file), RuleTokens.Request(options ?? new ModelLoadOptions()));

    private CellWeights ReadCell(FileArchitecture arch, int layer, int direction)
    {
        float[]? Optional(bool present, string tensor) => present ? file.ReadFloat32(arch.TensorName(tensor, layer, direction)) : null;
        bool lstm = arch.Cell == "lstm";
        return new CellWeights
        {
            WeightIh = file.ReadFloat32(arch.TensorName("weight_ih", layer, direction)),
            WeightHh = file.ReadFloat32(arch.TensorName("weight_hh", layer, direction)),
            BiasIh = Optional(arch.HasBias, "bias_ih"),
            BiasHh = Optional(arch.HasBias, "bias_hh"),
            WeightHr = Optional(arch.ProjSize > 0, "weight_hr"),
            Peepholes = Optional(arch.Peepholes, "weight_ph"),
            InitialHidden = Optional(arch.HasInitialState, "initial_h"),
            InitialCell = Optional(arch.HasInitialState && lstm, "initial_c"),
        };
    }
}
