using System.Linq;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Writes a cell's input projection for <see cref="InputChunking.Rows"/> steps at once:
/// <c>pre[r] = b + W_ih·x_r</c>, laid out as the recurrent kernel's accumulator start values
/// (<c>[panel][accumulator][lane]</c>). It reads the packed panels the step kernels read (bias rows, then
/// the x columns), so no weight is stored twice.
/// </summary>
/// <remarks>
/// Register tile: a few output vectors × all rows. Each weight vector is loaded once and multiplied into
/// one accumulator per row, and each input value is broadcast once per tile; 16 accumulators with 512-bit
/// vectors (32 registers), 8 with narrower ones (16 registers on x64 without AVX-512).
/// </remarks>
internal static class InputProjectionEmitter
{
    private const string Parameters = "ref float w, ref float x, ref float pre";

    public static void Emit(SourceWriter w, ModelSpec spec, CellLayout cell)
    {
        string name = ChunkedRunNames.ProjectionName(cell);
        int rows = InputChunking.Rows;
        string summary = $"Input half of {CellKernelDescriptors.Where(cell)} for {rows} steps: pre[r] = b + W_ih·x[r] (r = 0..{rows - 1}), each weight vector loaded once for all {rows}.";
        var isas = VectorIsa.For(cell.PanelWidth);
        KernelEmitter.EmitDispatcher(w, name, summary, Parameters, isas);
        foreach (var isa in isas)
        {
            w.Line();
            using (KernelEmitter.OpenVariant(w, name, summary, Parameters, isa))
            {
                // pp: the panel's slice of every row of pre, where its accumulators' start values go.
                KernelEmitter.EmitPanelLoop(w, cell.Panels, cell.PanelFloats, alternates: false, new PanelStartValues("pre", cell.PanelInputRowFloats), () =>
                {
                    if (isa.IsScalar)
                    {
                        EmitScalarPanel(w, cell, spec.HasBias);
                    }
                    else
                    {
                        EmitVectorPanel(w, cell, isa, spec.HasBias);
                    }
                });
            }
        }
    }

    private static void EmitVectorPanel(SourceWriter w, CellLayout cell, VectorIsa isa, bool hasBias)
    {
        int rows = InputChunking.Rows;
        int rowFloats = cell.InputRowFloats;
        int xFloats = cell.Gates * cell.PanelWidth;
        int group = TileVectors(xFloats / isa.Width, isa == VectorIsa.V512 ? 4 : 2);
        int step = group * isa.Width;
        string Offset(int j) => j == 0 ? "o" : $"o + {j * isa.Width}";
        // Offset o inside a panel row is accumulator o / PanelWidth, unit o mod PanelWidth: the same offset in the bias
        // rows and inside each column's block of the x section, which holds the gates in accumulator order.
        w.Line($"// Start values of the accumulators with x columns ({CellKernelDescriptors.GateNames(cell.Kind, cell.Gates)}), {group} vector{(group == 1 ? "" : "s")} × {rows} steps at a time.");
        using (w.Open($"for (nuint o = 0; o < {xFloats}; o += {step})"))
        {
            for (int j = 0; j < group; j++)
            {
                string start = hasBias ? isa.Load("pw", Offset(j)) : isa.Type + ".Zero";
                w.Line($"{isa.Type} {Acc(j, 0)} = {start};");
                w.Line($"{isa.Type} {string.Join(", ", Enumerable.Range(1, rows - 1).Select(r => $"{Acc(j, r)} = {Acc(j, 0)}"))};");
            }
            bool scaled = cell.Precision == WeightPrecision.Int8;
            if (scaled)
            {
                // Offset o is (row o / PanelWidth, unit o mod PanelWidth) in the x section's scale rows too.
                w.Line("// int8 rows: start in the weights' units (÷ s), add the integer sums, then ⊙ s once per accumulator.");
                for (int j = 0; j < group; j++)
                {
                    w.Line($"{isa.Type} inverse{j} = {isa.Load("pw", $"{cell.XScales + xFloats} + {Offset(j)}")};");
                    w.Line(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{Acc(j, r)} *= inverse{j};")));
                }
            }
            w.Line(WeightLoads.SectionRef(cell.Precision, "wk", cell.XSection.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            w.Line("ref float xk = ref x;");
            if (WeightLoads.Paired(cell.Precision))
            {
                EmitVectorPairs(w, cell, isa, group, Offset);
            }
            else
            {
                using (w.Open($"for (nuint k = 0; k < {cell.Inputs}; k++)"))
                {
                    for (int r = 0; r < rows; r++)
                    {
                        string element = r == 0 ? "xk" : $"Unsafe.Add(ref xk, {r * cell.Inputs})";
                        w.Line($"{isa.Type} b{r} = {isa.Broadcast(element)};");
                    }
                    for (int j = 0; j < group; j++)
                    {
                        w.Line($"{isa.Type} w{j} = {WeightLoads.Load(isa, cell.Precision, "wk", Offset(j))};");
                        w.Line(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{Acc(j, r)} = {isa.MultiplyAdd($"w{j}", $"b{r}", Acc(j, r))};")));
                    }
                    w.Line($"wk = ref Unsafe.Add(ref wk, {xFloats});");
                    w.Line("xk = ref Unsafe.Add(ref xk, 1);");
                }
            }
            if (scaled)
            {
                for (int j = 0; j < group; j++)
                {
                    w.Line($"{isa.Type} scale{j} = {isa.Load("pw", $"{cell.XScales} + {Offset(j)}")};");
                    w.Line(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{Acc(j, r)} *= scale{j};")));
                }
            }
            for (int j = 0; j < group; j++)
            {
                for (int r = 0; r < rows; r++)
                {
                    string at = r == 0 ? Offset(j) : $"{Offset(j)} + {r * rowFloats}";
                    w.Line(isa.Store(Acc(j, r), "pp", at));
                }
            }
        }
        int panelRow = cell.PanelInputRowFloats;
        if (panelRow > xFloats)
        {
            w.Line("// The GRU's b_hn has no x columns: its start value is the bias alone.");
            using (w.Open($"for (nuint o = {xFloats}; o < {panelRow}; o += {isa.Width})"))
            {
                w.Line($"{isa.Type} bias = {(hasBias ? isa.Load("pw", "o") : isa.Type + ".Zero")};");
                for (int r = 0; r < rows; r++)
                {
                    w.Line(isa.Store("bias", "pp", r == 0 ? "o" : $"o + {r * rowFloats}"));
                }
            }
        }
    }

    /// <summary>
    /// The x columns of a paired (bfloat16) section: one load per output vector gives columns k and k + 1, multiplied into
    /// each row's accumulator in column order (column k first, as the plain walk does), then an odd last column plain.
    /// </summary>
    private static void EmitVectorPairs(SourceWriter w, CellLayout cell, VectorIsa isa, int group, System.Func<int, string> offset)
    {
        int rows = InputChunking.Rows;
        int xFloats = cell.Gates * cell.PanelWidth;
        int pairs = cell.Inputs / 2 * 2;
        string Element(int r, int column) => r == 0 && column == 0 ? "xk" : $"Unsafe.Add(ref xk, {(r * cell.Inputs) + column})";
        if (pairs > 0)
        {
            using (w.Open($"for (nuint k = 0; k < {pairs}; k += 2)"))
            {
                for (int r = 0; r < rows; r++)
                {
                    w.Line($"{isa.Type} b{r} = {isa.Broadcast(Element(r, 0))}, c{r} = {isa.Broadcast(Element(r, 1))};");
                }
                for (int j = 0; j < group; j++)
                {
                    w.Line(WeightLoads.LoadPair(isa, "wk", $"2 * ({offset(j)})", $"out {isa.Type} w{j}", $"out {isa.Type} u{j}"));
                    w.Line(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{Acc(j, r)} = {isa.MultiplyAdd($"w{j}", $"b{r}", Acc(j, r))};")));
                    w.Line(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{Acc(j, r)} = {isa.MultiplyAdd($"u{j}", $"c{r}", Acc(j, r))};")));
                }
                w.Line($"wk = ref Unsafe.Add(ref wk, {2 * xFloats});");
                w.Line("xk = ref Unsafe.Add(ref xk, 2);");
            }
        }
        if (cell.Inputs > pairs)
        {
            using (w.Open(""))
            {
                for (int r = 0; r < rows; r++)
                {
                    w.Line($"{isa.Type} b{r} = {isa.Broadcast(Element(r, 0))};");
                }
                for (int j = 0; j < group; j++)
                {
                    w.Line($"{isa.Type} w{j} = {WeightLoads.Load(isa, cell.Precision, "wk", offset(j))};");
                    w.Line(string.Join(" ", Enumerable.Range(0, rows).Select(r => $"{Acc(j, r)} = {isa.MultiplyAdd($"w{j}", $"b{r}", Acc(j, r))};")));
                }
            }
        }
    }

    /// <summary>The largest of 1, 2, 4 up to <paramref name="limit"/> that divides <paramref name="vectors"/>.</summary>
    private static int TileVectors(int vectors, int limit)
    {
        int group = limit;
        while (vectors % group != 0)
        {
            group /= 2;
        }
        return group;
    }

    private static void EmitScalarPanel(SourceWriter w, CellLayout cell, bool hasBias)
    {
        int rows = InputChunking.Rows;
        int xFloats = cell.Gates * cell.PanelWidth;
        using (w.Open($"for (nuint u = 0; u < {cell.PanelInputRowFloats}; u++)"))
        {
            w.Line($"float a0 = {(hasBias ? "Unsafe.Add(ref pw, u)" : "0f")};");
            w.Line($"float {string.Join(", ", Enumerable.Range(1, rows - 1).Select(r => $"a{r} = a0"))};");
            if (cell.Inputs > 0)
            {
                w.Line("// The accumulators past the gates with x columns (the GRU's b_hn) start from the bias alone.");
                using (w.Open($"if (u < {xFloats})"))
                {
                    bool scaled = cell.Precision == WeightPrecision.Int8;
                    if (scaled)
                    {
                        w.Line("// int8 rows: ÷ s before the integer sums, ⊙ s after.");
                        w.Line($"float inverse = Unsafe.Add(ref pw, {cell.XScales + xFloats} + u);");
                        w.Line($"{string.Join(" ", Enumerable.Range(0, rows).Select(r => $"a{r} *= inverse;"))}");
                    }
                    bool narrow = cell.Precision != WeightPrecision.Float32;
                    w.Line(narrow
                        ? WeightLoads.SectionRef(cell.Precision, "wk", cell.XSection.ToString(System.Globalization.CultureInfo.InvariantCulture))
                        : $"ref float wk = ref Unsafe.Add(ref pw, {cell.XSection} + u);");
                    if (WeightLoads.Paired(cell.Precision))
                    {
                        EmitScalarPairs(w, cell);
                    }
                    else
                    {
                        using (w.Open($"for (nuint k = 0; k < {cell.Inputs}; k++)"))
                        {
                            w.Line(narrow
                                ? $"float wv = {WeightLoads.Load(VectorIsa.Scalar, cell.Precision, "wk", $"u + (k * {xFloats})")};"
                                : $"float wv = Unsafe.Add(ref wk, k * {xFloats});");
                            for (int r = 0; r < rows; r++)
                            {
                                string element = r == 0 ? "Unsafe.Add(ref x, k)" : $"Unsafe.Add(ref x, {r * cell.Inputs} + k)";
                                w.Line($"a{r} = {VectorIsa.Scalar.MultiplyAdd("wv", element, $"a{r}")};");
                            }
                        }
                    }
                    if (scaled)
                    {
                        w.Line($"float scale = Unsafe.Add(ref pw, {cell.XScales} + u);");
                        w.Line($"{string.Join(" ", Enumerable.Range(0, rows).Select(r => $"a{r} *= scale;"))}");
                    }
                }
            }
            for (int r = 0; r < rows; r++)
            {
                w.Line(VectorIsa.Scalar.Store($"a{r}", "pp", r == 0 ? "u" : $"{r * cell.InputRowFloats} + u"));
            }
        }
    }

    /// <summary>The scalar walk of a paired x section for unit u: column k, then k + 1, into each row's accumulator; an odd last column plain.</summary>
    private static void EmitScalarPairs(SourceWriter w, CellLayout cell)
    {
        int rows = InputChunking.Rows;
        int xFloats = cell.Gates * cell.PanelWidth;
        int pairs = cell.Inputs / 2 * 2;
        string Element(int r, string column) => r == 0 ? $"Unsafe.Add(ref x, {column})" : $"Unsafe.Add(ref x, {r * cell.Inputs} + {column})";
        if (pairs > 0)
        {
            using (w.Open($"for (nuint k = 0; k < {pairs}; k += 2)"))
            {
                w.Line(WeightLoads.LoadPair(VectorIsa.Scalar, "wk", $"(2 * u) + (k * {xFloats})", "out float wv", "out float wodd"));
                for (int r = 0; r < rows; r++)
                {
                    w.Line($"a{r} = {VectorIsa.Scalar.MultiplyAdd("wv", Element(r, "k"), $"a{r}")};");
                    w.Line($"a{r} = {VectorIsa.Scalar.MultiplyAdd("wodd", Element(r, "k + 1"), $"a{r}")};");
                }
            }
        }
        if (cell.Inputs > pairs)
        {
            using (w.Open(""))
            {
                w.Line($"float wv = {WeightLoads.Load(VectorIsa.Scalar, cell.Precision, "wk", $"u + {pairs * xFloats}")};");
                for (int r = 0; r < rows; r++)
                {
                    w.Line($"a{r} = {VectorIsa.Scalar.MultiplyAdd("wv", Element(r, pairs.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"a{r}")};");
                }
            }
        }
    }

    private static string Acc(int vector, int row) => $"a{vector}r{row}";
}
