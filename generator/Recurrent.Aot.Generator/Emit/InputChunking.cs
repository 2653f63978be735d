using System.Globalization;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// How Run and RunLast of a unidirectional model take layer 0's input half out of the recurrence: for
/// <see cref="Rows"/> steps at a time, bias + W_ih·x_t is one small matrix–matrix product (each weight
/// vector loaded once for all the rows) into a stack buffer, and the steps then multiply only W_hh·h.
/// </summary>
/// <remarks>
/// The input half does not depend on h, so nothing is lost by computing it early; what is gained is weight
/// traffic: W_ih is read once per <see cref="Rows"/> steps instead of every step. The multiply-adds stay the
/// same, so it pays only where a step waits on weight reads from L2 or beyond. Measured (64-step sequences,
/// interleaved runs, medians): LSTM (64, 256) 12–15 % and GRU (64, 256) 11–18 % faster than stepping,
/// LSTM (32, 128) 5–7 %, GRU (32, 128) 2–5 %; but LSTM and GRU (16, 64) 4–5 % slower and (8, 32) 10–15 %
/// slower, where the weights sit in L1 and the input half of a step already overlaps the activations of
/// the step before. Hence <see cref="MinCellFloats"/>.
/// The buffer is a local of the chunked method only, so a Step or a short sequence never pays for it.
/// </remarks>
internal static class InputChunking
{
    /// <summary>Steps whose input half is computed together.</summary>
    public const int Rows = 4;

    /// <summary>Layer 0's packed weights must exceed this many floats (128 KiB) for chunking to pay.</summary>
    public const int MinCellFloats = 32768;

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
    /// Unidirectional models (bidirectional ones run layer by layer) whose layer 0 is large enough to gain and
    /// whose chunk buffer stays small.
    /// </summary>
    public static bool Applies(ModelSpec spec, PackedLayout layout)
        => !spec.Bidirectional
            && layout.Cells[0].CellFloats > MinCellFloats
            && BufferFloats(layout) <= MaxBufferFloats;

    public static string ProjectionName(CellLayout cell) => CellKernelEmitter.CellName(cell) + "InputProjection";

    public static string RecurrentName(CellLayout cell) => CellKernelEmitter.CellName(cell) + "Recurrent";

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
