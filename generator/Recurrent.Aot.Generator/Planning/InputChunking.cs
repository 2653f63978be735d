using System;
using System.Linq;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// How Run and RunLast take a large cell's input half out of the recurrence: for <see cref="Rows"/> steps at
/// a time, bias + W_ih·x_t is one small matrix–matrix product (each weight vector loaded once for all the
/// rows) into a stack buffer, and the steps then multiply only W_hh·h. A unidirectional model with such a
/// cell, or with several layers, runs blocks of <see cref="BlockSteps"/> steps layer by layer (a layer's outputs
/// for the block are the inputs of the layer above; see <see cref="RunsInBlocks"/>); a bidirectional one runs
/// every layer over the whole sequence anyway.
/// </summary>
/// <remarks>
/// The input half does not depend on h, so nothing is lost by computing it early; what is gained is weight
/// traffic: W_ih is read once per <see cref="Rows"/> steps instead of every step. The multiply-adds stay the
/// same, so it pays only where a step waits on weight reads that do not fit the core's caches. Measured
/// (64-step sequences, time per step against 64 calls of Step): LSTM (64, 256), 1.3 MB of weights, 1.21×
/// as fast (BenchmarkDotNet) and 12–15 % less time (interleaved Stopwatch runs); GRU (64, 256), 0.99 MB,
/// 1.29× and 11–18 %; but LSTM (32, 128), 0.33 MB, 0.95× in BenchmarkDotNet (5–7 % less time in the
/// Stopwatch runs), and LSTM and GRU (16, 64) and (8, 32) slower, where the weights sit in L1 or L2 and the
/// input half of a step overlaps the activations of the step before. Hence <see cref="MinCellFloats"/>:
/// about half this machine's 1.25 MiB L2.
/// The buffers are locals of the block method only, so a Step or a sequence shorter than 4 steps never pays for them.
/// </remarks>
internal static class InputChunking
{
    /// <summary>Steps whose input half is computed together.</summary>
    public const int Rows = 4;

    /// <summary>A cell's packed weights must exceed this many floats (512 KiB) for chunking to pay.</summary>
    public const int MinCellFloats = 131072;

    /// <summary>Largest buffer, in floats (32 KiB of stack); larger models step as before.</summary>
    public const int MaxBufferFloats = 8192;

    /// <summary>Name of the chunk buffer type and of the chunked run method.</summary>
    public const string BufferType = "InputChunk";

    public const string RunMethod = "RunChunks";

    /// <summary>Name of the buffer that carries a layer's outputs for a block to the layer above (stacked unidirectional models).</summary>
    public const string HiddenType = "ChunkHidden";

    /// <summary>
    /// Steps a stacked unidirectional model runs layer by layer before moving to the next block: 16, so each layer's
    /// weights serve 16 consecutive steps (stepping all layers every step makes their weights evict each other),
    /// fewer where a layer's outputs for 16 steps would take more than 32 KiB of stack. A multiple of
    /// <see cref="Rows"/>, so even: each layer's h ping-pongs back to the state's phase after a block.
    /// </summary>
    public static int BlockSteps(ModelSpec spec)
        => Math.Max(Rows, Math.Min(16, MaxBufferFloats / spec.HiddenOutputSize / Rows * Rows));

    /// <summary>Floats of one step's precomputed input half: every accumulator's start value, in panel order.</summary>
    public static int RowFloats(CellLayout cell) => cell.Panels * PanelRowFloats(cell);

    /// <summary>Floats of one panel inside a row: one vector of PanelWidth per bias row (accumulator).</summary>
    public static int PanelRowFloats(CellLayout cell) => cell.BiasRows * cell.PanelWidth;

    public static int BufferFloats(PackedLayout layout) => Rows * RowFloats(layout.Cells[0]);

    /// <summary>
    /// Whether runs precompute this cell's input half: the cell must be large enough to gain and the chunk
    /// buffer small. (Its inputs are known in time: a unidirectional model runs a chunk layer by layer, a
    /// bidirectional one the whole sequence layer by layer.)
    /// </summary>
    public static bool Chunks(PackedLayout layout, CellLayout cell)
        => cell.CellFloats > MinCellFloats && BufferFloats(layout) <= MaxBufferFloats;

    /// <summary>Whether any cell's input half is precomputed (the model then has the chunk buffer type).</summary>
    public static bool AnyChunks(PackedLayout layout) => layout.Cells.Any(cell => Chunks(layout, cell));

    /// <summary>
    /// Whether Run and RunLast of a unidirectional model go through the block loop: a model of several layers
    /// (whatever their size: running a layer through a block before the next measured never slower, from 1.03×
    /// for a 2-layer LSTM (16, 64) to 2.1× for a 3-layer LSTM (32, 128), whose 1.4 MB of weights no longer
    /// evict each other every step), or one whose only layer is chunked.
    /// </summary>
    public static bool RunsInBlocks(ModelSpec spec, PackedLayout layout)
        => !spec.Bidirectional && (layout.Cells.Count > 1
            ? BlockSteps(spec) * spec.HiddenOutputSize <= MaxBufferFloats
            : AnyChunks(layout));

    public static string ProjectionName(CellLayout cell) => CellKernelEmitter.CellName(cell) + "InputProjection";

    public static string RecurrentName(CellLayout cell) => CellKernelEmitter.CellName(cell) + "Recurrent";

}
