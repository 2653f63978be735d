using System.Collections.Generic;
using Recurrent.Aot.Generator.Helpers;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>
/// Where every weight lives in the packed buffer the kernels read. Both the compile-time packer
/// (embedded weights) and the emitted run-time packer follow these offsets, so they cannot disagree.
/// </summary>
/// <remarks>
/// A matrix is cut into panels of <c>PanelWidth</c> output units (rows padded with zeros to whole panels).
/// Inside a panel, for each input column k the rows of every gate for those units are adjacent, so one
/// broadcast of input k feeds one vector load and one FMA per gate ("broadcast-FMA"):
/// <code>
/// panel = [bias rows: BiasRows × W] [x columns: X × GatesX × W] [h columns: R × GatesH × W] [n·(r⊙h) columns: R × W]
/// </code>
/// The last section exists only for the original GRU (reset before the matmul), whose candidate needs r first.
/// With a reduced <see cref="WeightPrecision"/> the column sections hold 2-byte (bfloat16) or 1-byte (int8)
/// elements in the same order, so a section takes half or a quarter of the floats; bias rows stay float32, and int8
/// adds float32 scale rows after them: for each section, one scale per row and unit, then their reciprocals
/// (<see cref="WeightStorage"/>). All offsets stay in floats.
/// </remarks>
internal sealed record CellLayout
{
    public CellLayout(ModelSpec spec, int layer, int direction, int offset)
    {
        Layer = layer;
        Direction = direction;
        Kind = spec.Kind;
        Hidden = spec.HiddenSize;
        Inputs = spec.LayerInputSize(layer);
        Recurrent = spec.HiddenOutputSize;
        Gates = spec.GateCount;
        ResetBefore = spec.Kind == CellKind.Gru && spec.GruReset == GruResetMode.BeforeMatmul;
        PanelWidth = PackedLayout.PanelWidthFor(Hidden);
        PaddedHidden = PackedLayout.Pad(Hidden, PanelWidth);
        BiasRows = Kind switch
        {
            CellKind.Lstm => 4,
            CellKind.Gru => ResetBefore ? 3 : 4,
            _ => 1,
        };
        GatesH = ResetBefore ? 2 : Gates;
        Precision = spec.WeightPrecision;
        Offset = offset;
        if (spec.ProjSize > 0)
        {
            Projection = new DenseLayout(spec.ProjSize, Hidden, hasBias: false, offset + CellFloats, Precision);
        }
    }

    public int Layer { get; }

    public int Direction { get; }

    public CellKind Kind { get; }

    public int Hidden { get; }

    public int Inputs { get; }

    /// <summary>Columns of weight_hh: the size of h (the projection size when projecting).</summary>
    public int Recurrent { get; }

    public int Gates { get; }

    public bool ResetBefore { get; }

    public int PanelWidth { get; }

    public int PaddedHidden { get; }

    public int Panels => PaddedHidden / PanelWidth;

    public int BiasRows { get; }

    /// <summary>Gates whose h columns sit in the h section (r and z only for the original GRU).</summary>
    public int GatesH { get; }

    /// <summary>Start of this cell in the packed buffer, in floats.</summary>
    public int Offset { get; }

    public DenseLayout? Projection { get; }

    /// <summary>How the column sections store their weights.</summary>
    public WeightPrecision Precision { get; }

    /// <summary>Start of the int8 scale rows (x, then h, then r⊙h sections), right after the bias rows.</summary>
    public int XScales => BiasRows * PanelWidth;

    public int HScales => XScales + WeightStorage.ScaleFloats(Precision, Gates, PanelWidth);

    public int HnScales => HScales + WeightStorage.ScaleFloats(Precision, GatesH, PanelWidth);

    public int XSection => HnScales + (ResetBefore ? WeightStorage.ScaleFloats(Precision, 1, PanelWidth) : 0);

    public int HSection => XSection + WeightStorage.Floats(Precision, Inputs * Gates * PanelWidth);

    public int HnSection => HSection + WeightStorage.Floats(Precision, Recurrent * GatesH * PanelWidth);

    public int PanelFloats => HnSection + (ResetBefore ? WeightStorage.Floats(Precision, Recurrent * PanelWidth) : 0);

    public int CellFloats => Panels * PanelFloats;

    public int TotalFloats => CellFloats + (Projection?.TotalFloats ?? 0);

    /// <summary>Accumulator groups per unit: one per bias row (GRU after-reset keeps W_in·x and W_hn·h apart).</summary>
    public int Accumulators => BiasRows;

    /// <summary>The after-reset GRU keeps b_in and b_hn apart (r multiplies only W_hn·h + b_hn).</summary>
    public bool GruAfterReset => Kind == CellKind.Gru && !ResetBefore;

    /// <summary>
    /// Cells of more than one panel walk their panels last to first on every other step (the caller passes
    /// the state's phase), so a step starts with the panels the previous step read last, still in L1.
    /// </summary>
    public bool AlternatesPanelOrder => Panels > 1;

    /// <summary>
    /// Whether the cell's kernel has a multi-stream form (StepBatch runs groups of streams through it). Cells that
    /// keep per-stream intermediates in scratch between two kernels (GRU with the reset before the matmul, LSTM
    /// with a projection) step their streams one at a time.
    /// </summary>
    public bool HasStreamsForm => !ResetBefore && Projection is null;

    /// <summary>Floats of one step's precomputed input half (a chunked run): every accumulator's start value, in panel order.</summary>
    public int InputRowFloats => Panels * PanelInputRowFloats;

    /// <summary>Floats of one panel inside such a row: one vector of PanelWidth per bias row (accumulator).</summary>
    public int PanelInputRowFloats => BiasRows * PanelWidth;
}

/// <summary>A plain matrix–vector product (LSTM projection, dense head), packed in panels like a cell.</summary>
internal sealed record DenseLayout
{
    public DenseLayout(int rows, int columns, bool hasBias, int offset, WeightPrecision precision)
    {
        Precision = precision;
        Rows = rows;
        Columns = columns;
        HasBias = hasBias;
        PanelWidth = PackedLayout.PanelWidthFor(rows);
        PaddedRows = PackedLayout.Pad(rows, PanelWidth);
        Offset = offset;
    }

    public int Rows { get; }

    public int Columns { get; }

    public bool HasBias { get; }

    public int PanelWidth { get; }

    public int PaddedRows { get; }

    public int Panels => PaddedRows / PanelWidth;

    public int Offset { get; }

    /// <summary>How the columns store their weights.</summary>
    public WeightPrecision Precision { get; }

    /// <summary>Start of the int8 scale rows (one per unit, then their reciprocals), after the bias row.</summary>
    public int Scales => HasBias ? PanelWidth : 0;

    public int ColumnSection => Scales + WeightStorage.ScaleFloats(Precision, 1, PanelWidth);

    public int PanelFloats => ColumnSection + WeightStorage.Floats(Precision, Columns * PanelWidth);

    public int TotalFloats => Panels * PanelFloats;
}

/// <summary>The packed buffer of a whole model: cells in PyTorch order (layer, then direction), then the head. Equatable: part of the plan.</summary>
internal sealed record PackedLayout
{
    public PackedLayout(ModelSpec spec)
    {
        int offset = 0;
        var cells = new List<CellLayout>();
        for (int layer = 0; layer < spec.Layers; layer++)
        {
            for (int direction = 0; direction < spec.Directions; direction++)
            {
                var cell = new CellLayout(spec, layer, direction, offset);
                cells.Add(cell);
                offset += cell.TotalFloats;
            }
        }
        Cells = new EquatableArray<CellLayout>(cells.ToArray());
        if (spec.HeadSize > 0)
        {
            Head = new DenseLayout(spec.HeadSize, spec.StepInputOfHead, hasBias: true, offset, spec.WeightPrecision);
            offset += Head.TotalFloats;
        }
        TotalFloats = offset;
        PaddedOutput = Cells[0].Projection?.PaddedRows ?? Cells[0].PaddedHidden;
    }

    public EquatableArray<CellLayout> Cells { get; }

    public DenseLayout? Head { get; }

    public int TotalFloats { get; }

    /// <summary>Floats each cell's h occupies in the state (its size rounded up to whole panels).</summary>
    public int PaddedOutput { get; }

    /// <summary>
    /// 16 units per panel when the size is a multiple of 16 (one 512-bit vector, two 256-bit or four 128-bit
    /// vectors per gate), else 8. The size is padded up to whole panels; padded units have zero weights and stay zero.
    /// </summary>
    /// <remarks>
    /// Not 32, though two 512-bit vectors per gate would run two activation chains side by side. The likely
    /// reasons: a 32-unit panel reads 512 bytes per input column and an LSTM (32, 128) panel is 82 KB, larger
    /// than L1, so the step that walks the panels in reverse order no longer finds the previous step's last panel
    /// there; and 256- and 128-bit vectors had to split it into sub-tiles that re-read every broadcast. 32-unit
    /// panels lost to 16-unit ones in the measurements (docs/benchmarks.md), which hold the figures.
    /// A 32-unit cell whose weights stay in L1 has neither problem at 512 bits, but one panel there puts both halves'
    /// epilogues in one block, and the activations' temporaries then exceed the registers (LSTM (8, 32) spilled and
    /// ran slower; docs/benchmarks.md, issue 14), so it keeps two 16-unit panels too.
    /// </remarks>
    public static int PanelWidthFor(int units) => units >= 16 && units % 16 == 0 ? 16 : 8;

    public static int Pad(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
