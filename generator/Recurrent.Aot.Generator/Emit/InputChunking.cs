using System.Globalization;
using System.Linq;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// How Run and RunLast take a cell's input half out of the recurrence (layer 0 of a unidirectional model,
/// every cell of a bidirectional one): for <see cref="Rows"/> steps at a time, bias + W_ih·x_t is one small
/// matrix–matrix product (each weight vector loaded once for all the rows) into a stack buffer, and the
/// steps then multiply only W_hh·h.
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
/// The buffer is a local of the chunked method only, so a Step or a short sequence never pays for it.
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

    /// <summary>Floats of one step's precomputed input half: every accumulator's start value, in panel order.</summary>
    public static int RowFloats(CellLayout cell) => cell.Panels * PanelRowFloats(cell);

    /// <summary>Floats of one panel inside a row: one vector of PanelWidth per bias row (accumulator).</summary>
    public static int PanelRowFloats(CellLayout cell) => cell.BiasRows * cell.PanelWidth;

    public static int BufferFloats(PackedLayout layout) => Rows * RowFloats(layout.Cells[0]);

    /// <summary>
    /// Whether runs precompute this cell's input half: the cell must be large enough to gain, the chunk buffer
    /// small, and the cell's whole input known before it steps: layer 0 of a unidirectional model (whose layers
    /// advance together), every cell of a bidirectional one (which runs layer by layer).
    /// </summary>
    public static bool Chunks(ModelSpec spec, PackedLayout layout, CellLayout cell)
        => (spec.Bidirectional || cell.Layer == 0)
            && cell.CellFloats > MinCellFloats
            && BufferFloats(layout) <= MaxBufferFloats;

    /// <summary>Whether any cell's runs are chunked (the model then has the chunk buffer type).</summary>
    public static bool Applies(ModelSpec spec, PackedLayout layout)
        => layout.Cells.Any(cell => Chunks(spec, layout, cell));

    public static string ProjectionName(CellLayout cell) => CellKernelEmitter.CellName(cell) + "InputProjection";

    public static string RecurrentName(CellLayout cell) => CellKernelEmitter.CellName(cell) + "Recurrent";

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
