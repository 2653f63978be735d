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
        => ReadParameters(file, declared, module, head, declaredBy, out initialState, out _);

    /// <summary>
    /// Reads the module's weights as the other overload does, and the row scales of every matrix the file stores as int8
    /// (I8 with its <c>_scale</c> tensor), so a model run at int8 keeps the stored q and scales exactly as
    /// <see cref="RecurrentModel.Load"/> with <see cref="WeightPrecision.Int8"/> does.
    /// </summary>
    /// <param name="int8Scales">
    /// Null when no matrix is stored as int8. Else as long as the parameters: for each stored matrix at offset m of the
    /// parameters, its row r's scale at m + r; zero everywhere else. The parameters hold such a matrix as q · scale
    /// (float32), from which q comes back exactly as the nearest integer to value / scale.
    /// </param>
    /// <param name="file">The parsed weights file.</param>
    /// <param name="declared">The declared architecture.</param>
    /// <param name="module">The module's prefix, or null for the file's <c>recurrent.module</c> metadata, else its only module.</param>
    /// <param name="head">The head's prefix, or null for the file's <c>recurrent.head</c> metadata.</param>
    /// <param name="declaredBy">The declaring type's name, for messages.</param>
    /// <param name="initialState">The learned initial state (every h, then every c), or null.</param>
    /// <exception cref="WeightsFormatException">The file is malformed (an int8 matrix without its scales, or a scale that is not finite and positive, is named), or its module differs from <paramref name="declared"/>.</exception>
    public static float[] ReadParameters(SafeTensorsFile file, ModelSpec declared, string? module, string? head, string declaredBy, out float[]? initialState, out float[]? int8Scales)
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
        var stored = new List<(int Offset, float[] Scales)>();
        foreach (CellWeights cell in weights)
        {
            Add(cell.WeightIh, cell.StoredInt8?.WeightIh);
            Add(cell.WeightHh, cell.StoredInt8?.WeightHh);
            Add(cell.BiasIh, null);
            Add(cell.BiasHh, null);
            Add(cell.WeightHr, cell.StoredInt8?.WeightHr);
        }

        if (headWeights is not null)
        {
            Add(headWeights.Weight, headWeights.StoredInt8Weight);
            Add(headWeights.Bias, null);
        }

        initialState = weights[0].InitialHidden is null ? null : InitialState(actual, weights);
        int8Scales = stored.Count == 0 ? null : new float[parameters.Count];
        foreach ((int offset, float[] scales) in stored)
        {
            scales.CopyTo(int8Scales!, offset);
        }

        return [.. parameters];

        void Add(float[]? values, Kernels.Packing.Int8Matrix? int8)
        {
            if (int8 is not null)
            {
                stored.Add((parameters.Count, int8.Scales));
            }

            parameters.AddRange(values ?? []);
        }
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
