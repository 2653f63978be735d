using System.Collections.Generic;
using System.Globalization;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Builds the descriptors (<see cref="PanelKernel"/>) of one cell's kernels (one direction of one layer) and of the
/// dense products (projection, head), with the gate activations and state update fused into the epilogue;
/// <see cref="KernelEmitter"/> writes them.
/// </summary>
internal static class CellKernelDescriptors
{
    /// <summary>Parameters every cell kernel takes: packed weights, input x, old h, cell state c (updated in place), new h, scratch.</summary>
    public const string CellParameters = "ref float w, ref float x, ref float h, ref float c, ref float hOut, ref float scratch";

    /// <summary>The recurrent kernel's parameters: the precomputed input half (pre) takes the place of x.</summary>
    public const string RecurrentParameters = "ref float w, ref float pre, ref float h, ref float c, ref float hOut, ref float scratch";

    private static string Parameters(CellLayout cell, string parameters = CellParameters)
        => cell.AlternatesPanelOrder ? parameters + ", bool " + PanelKernel.BackwardsParameter : parameters;

    /// <summary>
    /// The multi-stream form of the cell's kernel: stream 0's x, h, c and new h; the other streams' lie one State
    /// further each (h, c, new h, and x above layer 0, which is the layer below's new h), or one input further (layer 0's x).
    /// </summary>
    private static StreamsForm StreamsOf(CellLayout cell)
        => new(Parameters(cell, "ref float w, ref float x, ref float h, ref float c, ref float hOut, int streams"), cell.Layer == 0 ? "InputSize" : StateFloats, StateFloats, cell.AlternatesPanelOrder, cell.Kind == CellKind.Lstm);

    /// <summary>The model's expression for the floats of one State (constant once the JIT compiles it).</summary>
    public const string StateFloats = "StateFloats";

    /// <summary>A section with one row per column, adding into accumulator 0.</summary>
    private static readonly int[] SingleRow = { 0 };

    public const string DenseParameters = "ref float w, ref float x, ref float y";

    public static string CellName(CellLayout cell)
        => "Layer" + cell.Layer.ToString(CultureInfo.InvariantCulture) + (cell.Direction == 1 ? "Reverse" : "");

    /// <summary>The kernels of a cell in the order a step calls them.</summary>
    public static IEnumerable<PanelKernel> Kernels(ModelSpec spec, CellLayout cell)
    {
        string name = CellName(cell);
        string where = Where(cell);
        yield return GateKernel(spec, cell, precomputedInput: false);

        if (cell.ResetBefore)
        {
            var candidate = new PanelKernel(name + "Candidate", $"GRU candidate of {where} (reset before the matmul): n = {Name(spec.CandidateActivation)}(W_in·x + b_n + W_hn·(r⊙h)); h' = (1 − z)⊙n + z⊙h.", Parameters(cell), cell.Panels, cell.PanelWidth, cell.PanelFloats, 1)
            {
                AlternatesPanelOrder = cell.AlternatesPanelOrder,
                Init = (isa, _, _, unit) => isa.Load("scratch", $"{2 * cell.PaddedHidden} + {unit}"),
                Precision = cell.Precision,
            };
            candidate.Sections.Add(new ColumnSection("r⊙h columns: n += W_hn[:, k] · (r⊙h)[k]", "scratch", cell.Hidden, cell.HnSection, SingleRow, ScalesOf(cell, cell.HnScales)));
            candidate.Epilogue = (w, isa, vectors, acc, unit, stream) =>
            {
                for (int v = 0; v < vectors; v++)
                {
                    using (w.Open(""))
                    {
                        w.Line($"{isa.Type} n = {Activate(spec, spec.CandidateActivation, acc(0, v))};");
                        w.Line($"{isa.Type} z = {isa.Load("scratch" + stream, $"{cell.PaddedHidden} + {unit(v)}")};");
                        w.Line($"{isa.Type} hOld = {isa.Load("h" + stream, unit(v))};");
                        w.Line(isa.Store("n + (z * (hOld - n))", "hOut" + stream, unit(v)));
                    }
                }
            };
            yield return candidate;
        }
    }

    /// <summary>
    /// The kernel a chunked run calls in place of the cell's first kernel (<see cref="InputChunking"/>): the
    /// accumulators start from the precomputed b + W_ih·x of the step, so only the h columns are multiplied.
    /// </summary>
    public static PanelKernel Recurrent(ModelSpec spec, CellLayout cell) => GateKernel(spec, cell, precomputedInput: true);

    /// <summary>
    /// The cell's gate kernel: accumulators start from the biases and take the x columns, then the h columns, then
    /// the epilogue; with <paramref name="precomputedInput"/> they start from pre (bias and x columns done) instead.
    /// </summary>
    private static PanelKernel GateKernel(ModelSpec spec, CellLayout cell, bool precomputedInput)
    {
        string summary = Summary(spec, cell, Where(cell));
        var (xRows, hRows) = RowMaps(cell);
        PanelKernel kernel;
        if (precomputedInput)
        {
            kernel = new PanelKernel(ChunkedRunNames.RecurrentName(cell), summary + " The b + W_ih·x part comes precomputed in pre.", Parameters(cell, RecurrentParameters), cell.Panels, cell.PanelWidth, cell.PanelFloats, cell.Accumulators)
            {
                StartValues = new PanelStartValues("pre", cell.PanelInputRowFloats),
                Init = (isa, a, lane, _) => isa.Load("pp", Offset(a * cell.PanelWidth, lane)),
            };
        }
        else
        {
            kernel = new PanelKernel(CellName(cell), summary, Parameters(cell), cell.Panels, cell.PanelWidth, cell.PanelFloats, cell.Accumulators)
            {
                Streams = cell.HasStreamsForm ? StreamsOf(cell) : null,
            };
            if (spec.HasBias)
            {
                kernel.Init = (isa, a, lane, _) => isa.Load("pw", Offset(a * cell.PanelWidth, lane));
            }
            kernel.Sections.Add(new ColumnSection($"x columns: {GateNames(cell.Kind, xRows.Length)} += W_ih[:, k] · x[k]", "x", cell.Inputs, cell.XSection, xRows, ScalesOf(cell, cell.XScales)));
        }
        kernel.AlternatesPanelOrder = cell.AlternatesPanelOrder;
        kernel.Precision = cell.Precision;
        kernel.Sections.Add(new ColumnSection($"h columns: {GateNames(cell.Kind, hRows.Length)} += W_hh[:, k] · h[k]", "h", cell.Recurrent, cell.HSection, hRows, ScalesOf(cell, cell.HScales)));
        kernel.Epilogue = Epilogue(spec, cell);
        return kernel;
    }

    public static string Where(CellLayout cell) => $"layer {cell.Layer}{(cell.Direction == 1 ? " (reverse direction)" : "")}";

    public static PanelKernel Dense(string name, string summary, DenseLayout dense)
    {
        var kernel = new PanelKernel(name, summary, DenseParameters, dense.Panels, dense.PanelWidth, dense.PanelFloats, 1) { Precision = dense.Precision };
        if (dense.HasBias)
        {
            kernel.Init = (isa, _, lane, _) => isa.Load("pw", lane);
        }
        int scales = dense.Precision == WeightPrecision.Int8 ? dense.Scales : -1;
        kernel.Sections.Add(new ColumnSection("columns: y += W[:, k] · x[k]", "x", dense.Columns, dense.ColumnSection, SingleRow, scales));
        kernel.Epilogue = (w, isa, vectors, acc, unit, stream) =>
        {
            for (int v = 0; v < vectors; v++)
            {
                w.Line(isa.Store(acc(0, v), "y" + stream, unit(v)));
            }
        };
        return kernel;
    }

    /// <summary>A section's scale rows when its weights are int8, else -1.</summary>
    private static int ScalesOf(CellLayout cell, int scales) => cell.Precision == WeightPrecision.Int8 ? scales : -1;

    private static (int[] X, int[] H) RowMaps(CellLayout cell) => cell.Kind switch
    {
        CellKind.Lstm => (new[] { 0, 1, 2, 3 }, new[] { 0, 1, 2, 3 }),
        CellKind.Gru when cell.ResetBefore => (new[] { 0, 1, 2 }, new[] { 0, 1 }),
        CellKind.Gru => (new[] { 0, 1, 2 }, new[] { 0, 1, 3 }),
        _ => (new[] { 0 }, SingleRow),
    };

    /// <summary>The gates whose rows a section or tile holds, in accumulator order: "i, f, g, o", "r, z, n", "r, z", "a".</summary>
    public static string GateNames(CellKind kind, int rows) => kind switch
    {
        CellKind.Lstm => "i, f, g, o",
        CellKind.Gru => rows == 3 ? "r, z, n" : "r, z",
        _ => "a",
    };

    private static string Summary(ModelSpec spec, CellLayout cell, string where) => cell.Kind switch
    {
        CellKind.Lstm => $"LSTM {where}: i, f, g, o = W_ih·x + W_hh·h + b; c' = f⊙c + i⊙g; h' = " + (cell.Projection is null ? "" : "W_hr·(") + $"o⊙{Name(spec.CellActivation)}(c')" + (cell.Projection is null ? "" : ")") + ".",
        CellKind.Gru when cell.ResetBefore => $"GRU {where}, first pass (reset before the matmul): r, z = {Name(spec.GateActivation)}(W·[x; h] + b); stores r⊙h, z and W_in·x + b_n.",
        CellKind.Gru => $"GRU {where}: r, z = {Name(spec.GateActivation)}(W·[x; h] + b); n = {Name(spec.CandidateActivation)}(W_in·x + b_in + r⊙(W_hn·h + b_hn)); h' = (1 − z)⊙n + z⊙h.",
        _ => $"RNN {where}: h' = {Name(spec.CandidateActivation)}(W_ih·x + W_hh·h + b).",
    };

    private static EpilogueWriter Epilogue(ModelSpec spec, CellLayout cell)
        => (w, isa, vectors, acc, unit, stream) =>
        {
            string c = "c" + stream, h = "h" + stream, hOut = "hOut" + stream, scratch = "scratch" + stream;
            for (int v = 0; v < vectors; v++)
            {
                string u = unit(v);
                using (w.Open(""))
                {
                    switch (cell.Kind)
                    {
                        case CellKind.Lstm:
                            w.Line($"{isa.Type} cNew = ({Activate(spec, spec.GateActivation, acc(1, v))} * {isa.Load(c, u)}) + ({Activate(spec, spec.GateActivation, acc(0, v))} * {Activate(spec, spec.CandidateActivation, acc(2, v))});");
                            w.Line(isa.Store("cNew", c, u));
                            // With a projection, o⊙act(c') goes to scratch and the projection kernel writes h'.
                            w.Line(isa.Store($"{Activate(spec, spec.GateActivation, acc(3, v))} * {Activate(spec, spec.CellActivation, "cNew")}", cell.Projection is null ? hOut : scratch, u));
                            break;
                        case CellKind.Gru when cell.ResetBefore:
                            w.Line($"{isa.Type} r = {Activate(spec, spec.GateActivation, acc(0, v))};");
                            w.Line(isa.Store($"r * {isa.Load(h, u)}", scratch, u));
                            w.Line(isa.Store(Activate(spec, spec.GateActivation, acc(1, v)), scratch, $"{cell.PaddedHidden} + {u}"));
                            w.Line(isa.Store(acc(2, v), scratch, $"{2 * cell.PaddedHidden} + {u}"));
                            break;
                        case CellKind.Gru:
                            w.Line($"{isa.Type} r = {Activate(spec, spec.GateActivation, acc(0, v))};");
                            w.Line($"{isa.Type} z = {Activate(spec, spec.GateActivation, acc(1, v))};");
                            w.Line($"{isa.Type} n = {Activate(spec, spec.CandidateActivation, $"{acc(2, v)} + (r * {acc(3, v)})")};");
                            w.Line($"{isa.Type} hOld = {isa.Load(h, u)};");
                            w.Line(isa.Store("n + (z * (hOld - n))", hOut, u));
                            break;
                        default:
                            w.Line(isa.Store(Activate(spec, spec.CandidateActivation, acc(0, v)), hOut, u));
                            break;
                    }
                }
            }
        };

    /// <summary>"base + lane", folded to one number when the lane is a constant.</summary>
    private static string Offset(int start, string lane)
        => int.TryParse(lane, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? (start + value).ToString(CultureInfo.InvariantCulture)
            : start == 0 ? lane : $"{start} + {lane}";

    /// <summary>The call of an activation; sigmoid and tanh have a fast form (<c>FastActivations</c>).</summary>
    public static string Activate(ModelSpec spec, Activation kind, string value)
        => spec.FastActivations && kind is Activation.Sigmoid or Activation.Tanh
            ? $"Act.Fast{kind}({value})"
            : $"Act.{kind}({value})";

    public static string Name(Activation kind) => kind switch
    {
        Activation.Sigmoid => "σ",
        Activation.HardSigmoid => "hard_sigmoid",
        Activation.Tanh => "tanh",
        _ => "relu",
    };
}
