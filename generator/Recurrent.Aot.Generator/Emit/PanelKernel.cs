using System;
using System.Collections.Generic;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>One group of input columns a kernel multiplies in: <c>acc[map[r]] += W[section][k][r] · source[k]</c>.</summary>
/// <param name="Comment">What the section computes, written above it.</param>
/// <param name="Source">The kernel parameter holding the vector that is broadcast one element at a time.</param>
/// <param name="Count">Number of columns (the real size of the source vector).</param>
/// <param name="Offset">Start of the section inside a panel, in floats.</param>
/// <param name="AccumulatorOfRow">For each row stored per column, the accumulator it adds into.</param>
/// <param name="Scales">Start of the section's int8 scale rows inside a panel, in floats, or -1 when its weights need no scale.</param>
internal sealed record ColumnSection(string Comment, string Source, int Count, int Offset, int[] AccumulatorOfRow, int Scales = -1);

/// <summary>
/// Writes a kernel's epilogue for one sub-tile: the accumulator of (gate a, vector v) is <c>acc(a, v)</c>, the
/// state index of vector v is <c>unit(v)</c>, and every state parameter it reads or writes (c, h, hOut,
/// scratch) is named with <paramref name="stream"/> appended: "" in a one-stream kernel, "0"/"1" in a
/// two-stream one.
/// </summary>
internal delegate void EpilogueWriter(SourceWriter w, VectorIsa isa, int vectors, Func<int, int, string> acc, Func<int, string> unit, string stream);

/// <summary>
/// Describes a panel kernel: for every panel of <see cref="PanelWidth"/> output units, start the
/// accumulators, run the column sections, then hand the accumulators (still in registers) to the epilogue.
/// </summary>
internal sealed class PanelKernel
{
    public PanelKernel(string name, string summary, string parameters, int panels, int panelWidth, int panelFloats, int accumulators)
    {
        Name = name;
        Summary = summary;
        Parameters = parameters;
        Panels = panels;
        PanelWidth = panelWidth;
        PanelFloats = panelFloats;
        Accumulators = accumulators;
    }

    public string Name { get; }

    public string Summary { get; }

    /// <summary>The parameter list shared by every ISA variant and the dispatcher.</summary>
    public string Parameters { get; }

    public int Panels { get; }

    public int PanelWidth { get; }

    public int PanelFloats { get; }

    public int Accumulators { get; }

    public List<ColumnSection> Sections { get; } = new();

    /// <summary>How the column sections store their weights (the float32 bias rows and start values are read as floats).</summary>
    public WeightPrecision Precision { get; set; }

    /// <summary>The name of the bool parameter that reverses the panel order, when <see cref="AlternatesPanelOrder"/> is set.</summary>
    public const string BackwardsParameter = "backwards";

    /// <summary>Walk the panels last to first when the <see cref="BackwardsParameter"/> argument is true.</summary>
    public bool AlternatesPanelOrder { get; set; }

    /// <summary>The multi-stream form, or null when the kernel has none (its start values or epilogue need per-stream scratch).</summary>
    public StreamsForm? Streams { get; set; }

    /// <summary>
    /// A parameter holding precomputed accumulator start values per panel (<c>pp</c> points at the panel's
    /// slice), or null. The recurrent kernels of chunked runs start from layer 0's input projection.
    /// </summary>
    public PanelStartValues? StartValues { get; set; }

    /// <summary>
    /// Start value of accumulator a: given (isa, a, lane offset inside the panel, absolute unit index)
    /// returns an expression. Defaults to zero.
    /// </summary>
    public Func<VectorIsa, int, string, string, string> Init { get; set; } = (isa, _, _, _) => isa.IsScalar ? "0f" : isa.Type + ".Zero";

    /// <summary>
    /// Writes the activations and stores of one sub-tile. The kernel emitter passes the vector count it tiled
    /// with, so the epilogue stores exactly the accumulators the sub-tile computed.
    /// </summary>
    public EpilogueWriter Epilogue { get; set; } = (_, _, _, _, _, _) => { };
}

/// <summary>
/// How a kernel's multi-stream form is called: the parameters of stream 0 (x, h, c, hOut; every other stream's lie at
/// constant strides after them: x at the input stride, the state's at the State struct's size), and, for the scalar
/// branch, the arguments of the one-stream kernel for stream <c>s</c> (an int expression).
/// </summary>
internal sealed class StreamsForm
{
    /// <param name="hasCellState">Whether the kernel reads c (LSTM); other cells get a null ref there, never offset.</param>
    public StreamsForm(string parameters, string inputStride, string stateStride, bool alternatesPanelOrder, bool hasCellState)
    {
        Parameters = parameters;
        InputStride = inputStride;
        StateStride = stateStride;
        AlternatesPanelOrder = alternatesPanelOrder;
        HasCellState = hasCellState;
        StreamParameters = hasCellState
            ? new[] { ("x", inputStride), ("h", stateStride), ("c", stateStride), ("hOut", stateStride) }
            : new[] { ("x", inputStride), ("h", stateStride), ("hOut", stateStride) };
    }

    public bool HasCellState { get; }

    public string Parameters { get; }

    /// <summary>Floats from one stream's x to the next's: InputSize for layer 0, the State's size above it.</summary>
    public string InputStride { get; }

    /// <summary>Floats from one stream's state to the next's.</summary>
    public string StateStride { get; }

    public bool AlternatesPanelOrder { get; }

    /// <summary>The per-stream ref parameters and their strides.</summary>
    public (string Name, string Stride)[] StreamParameters { get; }

    /// <summary>The stride of a section's source parameter ("x" or "h").</summary>
    public string Stride(string source) => source == "x" ? InputStride : StateStride;

    public string SingleStreamArguments(string s)
    {
        string At(string parameter, string stride) => $"ref Unsafe.Add(ref {parameter}, {s} * {stride})";
        string c = HasCellState ? At("c", StateStride) : "ref c";
        return $"ref w, {At("x", InputStride)}, {At("h", StateStride)}, {c}, {At("hOut", StateStride)}, ref Unsafe.NullRef<float>()"
            + (AlternatesPanelOrder ? ", " + PanelKernel.BackwardsParameter : "");
    }
}

/// <summary>
/// A multi-stream sub-tile for <see cref="KernelEmitter"/>: its register tile and the kernel's stream layout.
/// </summary>
internal sealed record StreamsTile(StreamTile Tile, StreamsForm Form);

/// <summary>Where a kernel's per-panel start values live: the parameter and the floats each panel takes there.</summary>
internal sealed record PanelStartValues(string Parameter, int PanelFloats);
