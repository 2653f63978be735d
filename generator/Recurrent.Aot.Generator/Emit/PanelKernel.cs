using System;
using System.Collections.Generic;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>One group of input columns a kernel multiplies in: <c>acc[map[r]] += W[section][k][r] · source[k]</c>.</summary>
/// <param name="Comment">What the section computes, written above it.</param>
/// <param name="Source">The kernel parameter holding the vector that is broadcast one element at a time.</param>
/// <param name="Count">Number of columns (the real size of the source vector).</param>
/// <param name="Offset">Start of the section inside a panel, in floats.</param>
/// <param name="AccumulatorOfRow">For each row stored per column, the accumulator it adds into.</param>
internal sealed record ColumnSection(string Comment, string Source, int Count, int Offset, int[] AccumulatorOfRow);

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

    /// <summary>The name of the bool parameter that reverses the panel order, when <see cref="AlternatesPanelOrder"/> is set.</summary>
    public const string BackwardsParameter = "backwards";

    /// <summary>Walk the panels last to first when the <see cref="BackwardsParameter"/> argument is true.</summary>
    public bool AlternatesPanelOrder { get; set; }

    /// <summary>
    /// Start value of accumulator a: given (isa, a, lane offset inside the panel, absolute unit index)
    /// returns an expression. Defaults to zero.
    /// </summary>
    public Func<VectorIsa, int, string, string, string> Init { get; set; } = (isa, _, _, _) => isa.IsScalar ? "0f" : isa.Type + ".Zero";

    /// <summary>
    /// Writes the activations and stores: (writer, isa, vectors in the sub-tile, accumulator name of (a, vector),
    /// unit index of vector). The kernel emitter passes the vector count it tiled with, so the epilogue stores
    /// exactly the accumulators the sub-tile computed.
    /// </summary>
    public Action<SourceWriter, VectorIsa, int, Func<int, int, string>, Func<int, string>> Epilogue { get; set; } = (_, _, _, _, _) => { };
}
