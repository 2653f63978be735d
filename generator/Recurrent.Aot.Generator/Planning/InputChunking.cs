using System;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// The policy behind chunked runs: Run and RunLast take a large cell's input half out of the recurrence. For
/// <see cref="Rows"/> steps at a time, bias + W_ih·x_t is one small matrix–matrix product (each weight vector loaded
/// once for all the rows) into a stack buffer, and the steps then multiply only W_hh·h. A unidirectional model with
/// such a cell, or with several layers, runs blocks of <see cref="BlockSteps"/> steps layer by layer (a layer's
/// outputs for the block are the inputs of the layer above); a bidirectional one runs every layer over the whole
/// sequence anyway.
/// </summary>
/// <remarks>
/// The input half does not depend on h, so nothing is lost by computing it early; what is gained is weight
/// traffic: W_ih is read once per <see cref="Rows"/> steps instead of every step. The multiply-adds stay the
/// same, so it pays only where a step waits on weight reads that miss the core's caches: small cells, whose
/// weights stay in L1 or L2 and whose input half overlaps the activations of the step before, run slower
/// chunked. Hence <see cref="MinCellFloats"/>: a cell must be too large to stay in the private caches for
/// chunking to pay (docs/benchmarks.md holds the measurements). The buffers are locals of the block method only, so a Step
/// or a sequence shorter than <see cref="Rows"/> steps never pays for them.
/// </remarks>
internal static class InputChunking
{
    /// <summary>Steps whose input half is computed together.</summary>
    public const int Rows = 4;

    /// <summary>A cell's packed weights must exceed this many floats (512 KiB) for chunking to pay.</summary>
    public const int MinCellFloats = 131072;

    /// <summary>Largest buffer, in floats (32 KiB of stack); larger models step as before.</summary>
    public const int MaxBufferFloats = 8192;

    /// <summary>
    /// Steps a stacked unidirectional model runs layer by layer before moving to the next block: 16, so each layer's
    /// weights serve 16 consecutive steps (stepping all layers every step makes their weights evict each other),
    /// fewer where a layer's outputs for 16 steps would take more than 32 KiB of stack. A multiple of
    /// <see cref="Rows"/>, so even: each layer's h ping-pongs back to the state's phase after a block.
    /// </summary>
    public static int BlockSteps(ModelSpec spec)
        => Math.Max(Rows, Math.Min(16, MaxBufferFloats / spec.HiddenOutputSize / Rows * Rows));

    /// <summary>
    /// Whether runs precompute this cell's input half: the cell must be large enough to gain and the chunk
    /// buffer small. (Its inputs are known in time: a unidirectional model runs a chunk layer by layer, a
    /// bidirectional one the whole sequence layer by layer.)
    /// </summary>
    public static bool Pays(CellLayout cell, int bufferFloats)
        => cell.CellFloats > MinCellFloats && bufferFloats <= MaxBufferFloats;
}
