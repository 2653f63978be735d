using Recurrent.Aot.Generator.Helpers;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// Every decision about one model, made once from its spec by <see cref="ModelPlanner"/>: where each weight lives
/// (<see cref="Layout"/>, <see cref="Parameters"/>) and how steps and runs are organised. The emitters only read it.
/// Immutable with structural equality: it is part of the pipeline's model value, so an unchanged spec gives an
/// equal plan and Roslyn skips emission.
/// </summary>
/// <param name="Spec">The architecture the plan was made from.</param>
/// <param name="Layout">The packed weights the kernels read.</param>
/// <param name="Parameters">Where each tensor sits in PyTorch's <c>parameters()</c> order.</param>
/// <param name="ChunkedCells">For each cell (layer, then direction): whether runs precompute its input half (<see cref="InputChunking"/>).</param>
/// <param name="AnyChunks">Whether any cell is chunked (the model then has the chunk buffer type).</param>
/// <param name="ChunkBufferFloats">Floats of the chunk buffer: <see cref="InputChunking.Rows"/> rows of the first cell's input half.</param>
/// <param name="RunsInBlocks">Whether Run and RunLast of a unidirectional model go through the block loop.</param>
/// <param name="BlockSteps">Steps of one block of a stacked unidirectional run.</param>
/// <param name="StreamGroups">The group sizes StepBatch runs through multi-stream kernels, largest first (e.g. 8, 4, 2); empty when it steps its streams one at a time.</param>
/// <param name="NeedsScratch">Whether a step keeps per-step temporaries (original GRU, LSTM projection).</param>
/// <param name="ScratchFloats">Floats of those temporaries.</param>
/// <param name="CanGenerate">Whether the model gets Generate (1→N with feedback).</param>
internal sealed record ModelPlan(
    ModelSpec Spec,
    PackedLayout Layout,
    ParameterLayout Parameters,
    EquatableArray<bool> ChunkedCells,
    bool AnyChunks,
    int ChunkBufferFloats,
    bool RunsInBlocks,
    int BlockSteps,
    EquatableArray<int> StreamGroups,
    bool NeedsScratch,
    int ScratchFloats,
    bool CanGenerate)
{
    /// <summary>Whether runs precompute this cell's input half.</summary>
    public bool Chunks(CellLayout cell) => ChunkedCells[(cell.Layer * Spec.Directions) + cell.Direction];

    /// <summary>Whether a stacked block run carries a layer's outputs to the layer above (the ChunkHidden buffer).</summary>
    public bool CarriesBlockOutputs => RunsInBlocks && Layout.Cells.Length > 1;

    /// <summary>Whether StepBatch runs groups of streams through multi-stream kernels.</summary>
    public bool StepsStreamsTogether => StreamGroups.Length > 0;

    /// <summary>Floats of that buffer: a layer's outputs for one block.</summary>
    public int BlockOutputFloats => BlockSteps * Spec.HiddenOutputSize;
}
