using System.ComponentModel;
using Recurrent.Aot.IO;
using Recurrent.Aot.Loading;

namespace Recurrent.Aot;

/// <summary>
/// Binds a weights file to a model whose shape was declared at build time (the generator's shape-only
/// <c>[Lstm]</c>/<c>[Gru]</c>/<c>[Rnn]</c> types call it from their <c>Load</c>). The file is read by the same rules as
/// <see cref="RecurrentModel.Load"/>, and its module must then be exactly the declared model.
/// </summary>
/// <remarks>Public only for the code the generator emits; it is not part of the API users call.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedModelLoader
{
    /// <summary>
    /// Reads the module's weights in PyTorch's <c>parameters()</c> order (per layer and direction weight_ih, weight_hh,
    /// bias_ih, bias_hh, weight_hr; then the head's weight and bias) and its learned initial state in the runtime's
    /// state layout (null when the file has none).
    /// </summary>
    /// <param name="file">The parsed weights file.</param>
    /// <param name="declared">The declared architecture.</param>
    /// <param name="module">The module's prefix, or null for the file's <c>recurrent.module</c> metadata, else its only module.</param>
    /// <param name="head">The head's prefix, or null for the file's <c>recurrent.head</c> metadata.</param>
    /// <param name="declaredBy">The declaring type's name, for messages.</param>
    /// <param name="initialState">The learned initial state (every h, then every c), or null.</param>
    /// <exception cref="WeightsFormatException">The file is malformed, or its module differs from <paramref name="declared"/> (every difference is named, with the declared and the file's value).</exception>
    public static float[] ReadParameters(SafeTensorsFile file, ModelSpec declared, string? module, string? head, string declaredBy, out float[]? initialState)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(declared);
        var reader = new ModelReader(file, new ModelLoadOptions { Module = module, Head = head });
        (ModelSpec actual, CellWeights[] weights, HeadWeights? headWeights) = reader.Read();
        List<string> differences = SpecDifferences.Between(declared, actual);
        if (differences.Count > 0)
        {
            string name = reader.Architecture().ModuleName;
            throw new WeightsFormatException($"Module '{name}' of the file is not the model {declaredBy} declares: {string.Join("; ", differences)}.");
        }

        var parameters = new List<float>();
        foreach (CellWeights cell in weights)
        {
            parameters.AddRange(cell.WeightIh);
            parameters.AddRange(cell.WeightHh);
            parameters.AddRange(cell.BiasIh ?? []);
            parameters.AddRange(cell.BiasHh ?? []);
            parameters.AddRange(cell.WeightHr ?? []);
        }

        if (headWeights is not null)
        {
            parameters.AddRange(headWeights.Weight);
            parameters.AddRange(headWeights.Bias ?? []);
        }

        initialState = weights[0].InitialHidden is null ? null : InitialState(actual, weights);
        return [.. parameters];
    }

    /// <summary>Every h (layer 0 forward, layer 0 reverse, ...), then for an LSTM every c.</summary>
    private static float[] InitialState(ModelSpec spec, CellWeights[] weights)
    {
        int hOut = spec.Cell.OutputSize;
        int cellSize = spec.Cell.CellStateSize;
        var state = new float[weights.Length * (hOut + cellSize)];
        for (int slot = 0; slot < weights.Length; slot++)
        {
            weights[slot].InitialHidden!.CopyTo(state, slot * hOut);
            weights[slot].InitialCell?.CopyTo(state, weights.Length * hOut + slot * cellSize);
        }

        return state;
    }
}
