using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// Writes a <see cref="PanelKernel"/> as one method per ISA plus a dispatcher.
/// Unroll policy (stated in the output too): column sections of up to <see cref="FullUnrollColumns"/>
/// columns are fully unrolled; longer ones are loops with constant bounds whose body is unrolled
/// <see cref="ColumnUnroll"/>× (remainder unrolled after the loop). The panel loop stays a loop, so a
/// method's size grows with the input width only up to the unroll limit, never with the hidden size.
/// Multi-stream tiles loop over every section, <see cref="StreamsColumnUnroll"/> columns per iteration; those that
/// store their sums to pre also loop over their sub-tiles and (where the code allows) their groups of gate rows.
/// </summary>
internal static class KernelEmitter
{
    public const int FullUnrollColumns = 16;
    public const int ColumnUnroll = 4;

    /// <summary>
    /// Columns per loop iteration in a multi-stream tile (it loops over every column section): each column already has
    /// at least 8 independent FMAs, so more unrolling adds code (the JIT's limits) and no speed. Even, so the odd-column
    /// split and the bfloat16 column pairs keep their parity.
    /// </summary>
    public const int StreamsColumnUnroll = 2;

    /// <summary>Accumulators one sub-tile may keep live: enough independent FMA chains to hide latency, few enough to stay in registers.</summary>
    public const int MaxLiveAccumulators = 12;

    /// <summary>Sub-tiles of a panel written out one after another; more become a loop (always a loop in a multi-stream tile that stores to pre).</summary>
    public const int MaxUnrolledTiles = 2;

    public static void Emit(SourceWriter w, PanelKernel kernel)
    {
        var isas = VectorIsa.For(kernel.PanelWidth);
        EmitDispatcher(w, kernel.Name, kernel.Summary, kernel.Parameters, isas);
        foreach (var isa in isas)
        {
            w.Line();
            EmitVariant(w, kernel, isa, kernel.Name, kernel.Summary, kernel.Parameters, streams: 1);
        }
    }

    /// <summary>
    /// Writes the multi-stream form of a kernel (<see cref="PanelKernel.Streams"/>): one pass over each panel's weights
    /// for a group of streams (its <c>streams</c> argument, one of <paramref name="groups"/>) whose inputs and states lie
    /// at constant strides, each weight vector loaded once per register tile and multiplied into the accumulators of
    /// every stream of the tile. The tile (units × accumulator rows × streams) is chosen per ISA so accumulators,
    /// broadcasts and the weight fit the register file (<see cref="StreamTiling"/>); a group larger than the tile goes
    /// through it in sub-groups while the panel stays in L1. The scalar branch runs the one-stream scalar kernel per stream.
    /// </summary>
    public static void EmitStreams(SourceWriter w, PanelKernel kernel, IReadOnlyList<int> groups)
    {
        var form = kernel.Streams ?? throw new System.InvalidOperationException(kernel.Name + " has no multi-stream form.");
        var isas = VectorIsa.For(kernel.PanelWidth);
        string name = StreamsName(kernel.Name);
        string summary = kernel.Summary + $" A group of {string.Join(", ", groups)} streams, one pass over the weights.";
        EmitDispatcher(w, name, summary, form.Parameters, isas);
        foreach (var isa in isas)
        {
            w.Line();
            if (!isa.IsScalar)
            {
                EmitStreamsVariant(w, kernel, isa, name, summary, groups);
                continue;
            }
            w.Line($"/// <summary>{summary} (scalar branch: the one-stream kernel per stream)</summary>");
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            using (w.Open($"private static void {name}_{isa.Suffix}({form.Parameters})"))
            {
                using (w.Open("for (int s = 0; s < streams; s++)"))
                {
                    w.Line($"{kernel.Name}_{isa.Suffix}({form.SingleStreamArguments("s")});");
                }
            }
        }
    }

    /// <summary>The name of a kernel's multi-stream form: "Layer0" → "Layer0Streams".</summary>
    public static string StreamsName(string kernel) => kernel + "Streams";

    private static void EmitStreamsVariant(SourceWriter w, PanelKernel kernel, VectorIsa isa, string name, string summary, IReadOnlyList<int> groups)
    {
        var form = kernel.Streams!;
        var tiles = Tiles(kernel, isa, groups, StreamTiling.Registers(isa));
        // The 128-bit branch runs on x64 (16 registers) and on ARM64 (32): ARM64 takes its own method, tiled for its
        // register file. The check is a JIT-time constant, so each machine compiles only its own tiles.
        // Only the largest group takes it: smaller groups are remainders, and the x64 tiles (which do not spill on
        // ARM64 either) serve them, so the method stays small.
        var armTiles = isa == VectorIsa.V128 ? Tiles(kernel, isa, groups, StreamTiling.ArmRegisters).Take(1).ToList() : tiles;
        bool arm = isa == VectorIsa.V128 && !SameShapes(tiles.Take(1).ToList(), armTiles);
        string armName = $"{name}_{isa.Suffix}{StreamTiling.ArmSuffix}";
        using (OpenVariant(w, name, summary, form.Parameters, isa))
        {
            if (arm)
            {
                using (w.Open($"if ({StreamTiling.ArmGuard} && streams == {armTiles[0].Streams})"))
                {
                    w.Line($"{armName}({Arguments(form.Parameters)});");
                    w.Line("return;");
                }
            }
            EmitStreamsBody(w, kernel, isa, tiles);
        }
        if (arm)
        {
            w.Line();
            w.Line($"/// <summary>{summary} (128-bit branch on ARM64, a group of {armTiles[0].Streams}: a tile for its 32 vector registers)</summary>");
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            using (w.Open($"private static void {armName}({form.Parameters})"))
            {
                EmitStreamsBody(w, kernel, isa, armTiles);
            }
        }
    }

    /// <summary>
    /// The tiles a register file needs for the planned groups, largest first: a group goes through the largest tile as
    /// often as it fits, the rest through the next (the sizes are powers of two, so nothing is left over).
    /// </summary>
    private static List<StreamTile> Tiles(PanelKernel kernel, VectorIsa isa, IReadOnlyList<int> groups, int registers)
        => groups.Select(n => StreamTiling.For(kernel.Accumulators, kernel.PanelWidth / isa.Width, n, registers))
            .Distinct().OrderByDescending(t => t.Streams).ToList();

    /// <summary>Whether two tile lists emit the same code (they may differ only in the register file they were sized for).</summary>
    private static bool SameShapes(List<StreamTile> a, List<StreamTile> b)
        => a.Count == b.Count && a.Zip(b, (x, y) => x with { Registers = 0 } == y with { Registers = 0 } && x.SplitsColumns == y.SplitsColumns).All(same => same);

    /// <summary>
    /// The body of a multi-stream kernel: the panel loop, and in it one loop over sub-groups of streams per tile. The x64
    /// branches and the ARM64 method are written by this same code from their own tiles, so they differ only in the tile.
    /// </summary>
    private static void EmitStreamsBody(SourceWriter w, PanelKernel kernel, VectorIsa isa, List<StreamTile> tiles)
    {
        var form = kernel.Streams!;
        foreach (var tile in tiles)
        {
            w.Line($"// Register tile of {tile.Streams} stream(s): {tile.Vectors * isa.Width} units × {tile.Rows} accumulator row(s) × {tile.Streams} = {tile.Accumulators} accumulators,");
            w.Line($"// plus {tile.Streams} broadcasts and one weight vector, within the {tile.Registers} vector registers of this ISA"
                + (tile.PreActivations ? "; each weight vector is loaded once for all of them." : "."));
        }
        int preFloats = tiles.Where(t => t.PreActivations).Select(t => t.Streams * kernel.Accumulators * kernel.PanelWidth).DefaultIfEmpty(0).Max();
        if (preFloats > 0)
        {
            w.Line($"// A tile of fewer accumulator rows than a unit's {kernel.Accumulators} stores its sums here, [stream][row][unit of the panel];");
            w.Line("// the epilogue needs every row of a unit and reads them back once the panel's tiles are done.");
            w.Line($"Span<float> preActivations = stackalloc float[{preFloats}];");
            w.Line("ref float pre = ref MemoryMarshal.GetReference(preActivations);");
        }
        string p = kernel.Panels > 1 ? "p" : "0";
        EmitPanelLoop(w, kernel.Panels, kernel.PanelFloats, kernel.AlternatesPanelOrder, null, () =>
        {
            w.Line("// Sub-groups of streams: the panel's weights stay in L1 from one to the next.");
            w.Line("int done = 0;");
            foreach (var tile in tiles)
            {
                using (w.Open($"for (; done + {tile.Streams} <= streams; done += {tile.Streams})"))
                {
                    foreach (var (parameter, stride) in form.StreamParameters)
                    {
                        w.Line($"ref float {parameter}g = ref Unsafe.Add(ref {parameter}, done * {stride});");
                    }
                    EmitVectorPanel(w, kernel, isa, p, tile.Streams, new StreamsTile(tile, form));
                }
            }
        });
    }

    public static void EmitDispatcher(SourceWriter w, string name, string summary, string parameters, IReadOnlyList<VectorIsa> isas)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {name}({parameters})"))
        {
            string args = Arguments(parameters);
            foreach (var isa in isas)
            {
                if (isa.IsScalar)
                {
                    w.Line($"{name}_{isa.Suffix}({args});");
                    continue;
                }
                using (w.Open($"if ({isa.Guard})"))
                {
                    w.Line($"{name}_{isa.Suffix}({args});");
                    w.Line("return;");
                }
            }
        }
    }

    private static void EmitVariant(SourceWriter w, PanelKernel kernel, VectorIsa isa, string name, string summary, string parameters, int streams)
    {
        using (OpenVariant(w, name, summary, parameters, isa))
        {
            string p = kernel.Panels > 1 ? "p" : "0";
            EmitPanelLoop(w, kernel.Panels, kernel.PanelFloats, kernel.AlternatesPanelOrder, kernel.StartValues, () =>
            {
                if (isa.IsScalar)
                {
                    EmitScalarPanel(w, kernel, p);
                }
                else
                {
                    EmitVectorPanel(w, kernel, isa, p, streams);
                }
            });
        }
    }

    /// <summary>The summary, attributes and signature of one ISA branch of a kernel; dispose to close its body.</summary>
    public static SourceWriter.Block OpenVariant(SourceWriter w, string name, string summary, string parameters, VectorIsa isa)
    {
        w.Line($"/// <summary>{summary} ({BranchName(isa)} branch)</summary>");
        w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
        return w.Open($"private static void {name}_{isa.Suffix}({parameters})");
    }

    /// <summary>
    /// Runs <paramref name="body"/> once per panel with <c>pw</c> at the panel's weights (and <c>pp</c> at its slice of
    /// <paramref name="perPanel"/>, when given), index <c>p</c>; one panel needs no loop.
    /// </summary>
    /// <param name="alternates">Walk the panels last to first when the kernel's <see cref="PanelKernel.BackwardsParameter"/> is true.</param>
    public static void EmitPanelLoop(SourceWriter w, int panels, int panelFloats, bool alternates, PanelStartValues? perPanel, System.Action body)
    {
        bool loop = panels > 1;
        if (loop && alternates)
        {
            w.Line("// Every other step walks the panels last to first: it starts with the panels the step before read");
            w.Line("// last, which are still in L1 when the weights are larger than L1 but not twice as large.");
        }
        string header = alternates ? $"for (nuint i = 0; i < {panels}; i++)" : $"for (nuint p = 0; p < {panels}; p++)";
        using (w.OpenIf(loop, header))
        {
            if (loop && alternates)
            {
                w.Line($"nuint p = {PanelKernel.BackwardsParameter} ? {panels - 1} - i : i;");
            }
            w.Line(loop ? $"ref float pw = ref Unsafe.Add(ref w, p * {panelFloats});" : "ref float pw = ref w;");
            if (perPanel is { } slice)
            {
                w.Line($"ref float pp = ref {(loop ? $"Unsafe.Add(ref {slice.Parameter}, p * {slice.PanelFloats})" : slice.Parameter)};");
            }
            body();
        }
    }

    /// <param name="streams">1, or the streams of a multi-stream tile: accumulators, broadcasts and state names get the stream number.</param>
    /// <param name="multi">The multi-stream tile (null for the one-stream kernel): its rows and vectors per sub-tile and where each stream's data lies.</param>
    private static void EmitVectorPanel(SourceWriter w, PanelKernel kernel, VectorIsa isa, string p, int streams, StreamsTile? multi = null)
    {
        int vectors = kernel.PanelWidth / isa.Width;
        int perTile = multi?.Tile.Vectors ?? TileVectors(kernel.PanelWidth, kernel.Accumulators * streams, isa);
        int rowsPerTile = multi?.Tile.Rows ?? kernel.Accumulators;
        bool toMemory = multi?.Tile.PreActivations ?? false;
        int tiles = vectors / perTile;
        int live = rowsPerTile * perTile * streams;
        // Many sub-tiles (narrow vectors on a wide panel) become a loop, so the method stays small; so do those of a tile
        // that stores to pre (its epilogue does not follow the sums). A multi-stream tile loops over its columns
        // (StreamsColumnUnroll). A tile that keeps every row writes its (at most two) sub-tiles out: as a loop, that tile
        // (which only the smaller groups run) made a group of 8 slower at 256 bits (docs/benchmarks.md).
        bool compact = multi is not null;
        bool tileLoop = tiles > (toMemory ? 1 : MaxUnrolledTiles);
        int tileUnits = perTile * isa.Width;
        string Stream(int s) => streams == 1 ? "" : s.ToString(CultureInfo.InvariantCulture);
        string Acc(int a, int v, int s) => streams == 1 ? $"a{a}_{v}" : $"a{a}_{v}s{s}";
        // A tile of some rows of its units (toMemory) takes one group of rows after another over the same units: a loop
        // whose body is written once for the first group when every group's code is the first's shifted by its rows.
        bool groupLoop = toMemory && UniformRowGroups(kernel, rowsPerTile);
        int groupFloats = rowsPerTile * kernel.PanelWidth;
        for (int first = 0; first < (groupLoop ? rowsPerTile : kernel.Accumulators); first += rowsPerTile)
        {
            int[] rows = Enumerable.Range(first, rowsPerTile).ToArray();
            if (groupLoop)
            {
                string groupRows = string.Join(", then ", Enumerable.Range(0, kernel.Accumulators / rowsPerTile)
                    .Select(g => string.Join(", ", Enumerable.Range(g * rowsPerTile, rowsPerTile))));
                w.Line($"// Accumulator rows {groupRows} of every unit of the panel, one group per iteration, for the {streams} streams: each weight vector loaded once feeds all of them.");
                w.Line($"// A unit's rows lie {kernel.PanelWidth} floats apart in the biases, the scales, pre and every column of weights: row (the group's");
                w.Line($"// first row × {kernel.PanelWidth}) offsets the unit index in each of them.");
            }
            else if (toMemory)
            {
                w.Line($"// Accumulator row(s) {string.Join(", ", rows)} of every unit of the panel, for the {streams} streams: each weight vector loaded once feeds all of them.");
            }
            using var groups = w.OpenIf(groupLoop, $"for (nuint row = 0; row < {kernel.Accumulators * kernel.PanelWidth}; row += {groupFloats})");
            if (tileLoop)
            {
                w.Line($"// Units lane..lane + {tileUnits - 1} of the panel, one sub-tile per iteration: {live} independent accumulators.");
                w.Line(groupLoop
                    ? $"for (nuint lane = row; lane < row + {kernel.PanelWidth}; lane += {tileUnits})"
                    : $"for (nuint lane = 0; lane < {kernel.PanelWidth}; lane += {tileUnits})");
            }
            // The offset of the sub-tile's first unit inside each row (null: the constant firstLane), and the same without
            // the group's rows (the unit inside the panel).
            string? laneBase = tileLoop ? "lane" : groupLoop ? "row" : null;
            string? unitBase = tileLoop ? (groupLoop ? "(lane - row)" : "lane") : null;
            for (int tile = 0; tile < (tileLoop ? 1 : tiles); tile++)
            {
                int firstLane = tile * tileUnits;
                if (tiles > 1 && !tileLoop)
                {
                    w.Line($"// Units {firstLane}..{firstLane + tileUnits - 1} of the panel: {live} independent accumulators.");
                }
                using (w.Open(""))
                {
                    string At(string? baseName, int v) => baseName is null
                        ? (firstLane + (v * isa.Width)).ToString(CultureInfo.InvariantCulture)
                        : v == 0 ? baseName : $"{baseName} + {(v * isa.Width).ToString(CultureInfo.InvariantCulture)}";
                    string Lane(int v) => At(laneBase, v);
                    string Unit(int v) => p == "0" ? At(unitBase, v) : $"{p} * {kernel.PanelWidth} + {At(unitBase, v)}";
                    foreach (int a in rows)
                    {
                        var decl = Enumerable.Range(0, perTile).Select(v => $"{Acc(a, v, 0)} = {kernel.Init(isa, a, Lane(v), Unit(v))}");
                        w.Line($"{isa.Type} {string.Join(", ", decl)};");
                        if (streams > 1)
                        {
                            // Every stream starts from the same bias.
                            for (int s = 1; s < streams; s++)
                            {
                                int stream = s;
                                w.Line($"{isa.Type} {string.Join(", ", Enumerable.Range(0, perTile).Select(v => $"{Acc(a, v, stream)} = {Acc(a, v, 0)}"))};");
                            }
                        }
                    }
                    // Few accumulators (an RNN, a 512-bit panel): odd columns go to a second set, so twice as many
                    // independent FMA chains hide the FMA latency; the sets are added before the epilogue.
                    bool split = multi is null
                        ? live * 2 <= MaxLiveAccumulators
                        : multi.Tile.SplitsColumns;
                    if (split)
                    {
                        for (int s = 0; s < streams; s++)
                        {
                            foreach (int a in rows)
                            {
                                var decl = Enumerable.Range(0, perTile).Select(v => $"{Acc(a, v, s)}odd = {isa.Type}.Zero");
                                w.Line($"{isa.Type} {string.Join(", ", decl)};");
                            }
                        }
                    }
                    if (WeightLoads.Paired(kernel.Precision))
                    {
                        w.Line($"{isa.Type} weight, weightOdd;");
                    }
                    else if (streams > 1)
                    {
                        w.Line($"{isa.Type} weight;");
                    }
                    string Target(int a, int v, int s, int column) => split && column % 2 == 1 ? Acc(a, v, s) + "odd" : Acc(a, v, s);
                    foreach (var section in kernel.Sections.Where(section => section.AccumulatorOfRow.Any(rows.Contains)))
                    {
                        if (section.Scales >= 0)
                        {
                            EmitSectionScaling(w, kernel, isa, section, rows, perTile, streams, Lane, Acc, split, before: true);
                        }
                        using (w.Open(""))
                        {
                            EmitVectorSection(w, kernel, isa, section, rows, perTile, laneBase, firstLane, streams, Target, multi?.Form, compact);
                        }
                        if (section.Scales >= 0)
                        {
                            EmitSectionScaling(w, kernel, isa, section, rows, perTile, streams, Lane, Acc, split, before: false);
                        }
                    }
                    if (toMemory)
                    {
                        w.Line("// To pre: stream s's row a of unit u at [s][a][u].");
                    }
                    for (int s = 0; s < streams; s++)
                    {
                        if (split)
                        {
                            foreach (int a in rows)
                            {
                                w.Line(string.Join(" ", Enumerable.Range(0, perTile).Select(v => $"{Acc(a, v, s)} += {Acc(a, v, s)}odd;")));
                            }
                        }
                        int stream = s;
                        if (toMemory)
                        {
                            foreach (int a in rows)
                            {
                                for (int v = 0; v < perTile; v++)
                                {
                                    w.Line(isa.Store(Acc(a, v, s), "pre", Sum(((s * kernel.Accumulators) + a) * kernel.PanelWidth, Lane(v))));
                                }
                            }
                            continue;
                        }
                        if (multi is null)
                        {
                            kernel.Epilogue(w, isa, perTile, (a, v) => Acc(a, v, stream), Unit, Stream(stream));
                            continue;
                        }
                        // Stream s of the sub-group: its state lies s strides after the sub-group's first.
                        w.Line($"// Stream {stream} of the sub-group: its x, h, c and new h lie {stream} stride(s) after stream 0's.");
                        using (w.Open(""))
                        {
                            foreach (var (parameter, stride) in multi.Form.StreamParameters)
                            {
                                w.Line(stream == 0
                                    ? $"ref float {parameter}0 = ref {parameter}g;"
                                    : $"ref float {parameter}{stream} = ref Unsafe.Add(ref {parameter}g, {stream} * {stride});");
                            }
                            kernel.Epilogue(w, isa, perTile, (a, v) => Acc(a, v, stream), Unit, Stream(stream));
                        }
                    }
                }
            }
        }
        if (toMemory)
        {
            EmitPreActivationEpilogue(w, kernel, isa, p, streams, multi!.Form);
        }
    }

    /// <summary>
    /// Whether every group of <paramref name="rowsPerTile"/> accumulator rows multiplies in the same rows of each column
    /// section as the first group, shifted by the group's first row (an LSTM: each section's row r adds into accumulator
    /// r). Then a group's code is the first group's with every row offset moved by the group's rows, so one loop body
    /// serves all of them. A GRU's second group takes one row of each section into different accumulators: it is written out.
    /// </summary>
    private static bool UniformRowGroups(PanelKernel kernel, int rowsPerTile)
    {
        foreach (var section in kernel.Sections)
        {
            var map = section.AccumulatorOfRow;
            for (int r = 0; r < map.Length; r++)
            {
                int a = map[r];
                int group = a / rowsPerTile;
                int firstRow = r - (group * rowsPerTile);
                // The first group's copy of this row: the same place in its group, adding into the same accumulator there.
                if (firstRow < 0 || firstRow >= map.Length || map[firstRow] != a - (group * rowsPerTile))
                {
                    return false;
                }
            }
            // And each of the first group's rows has its copy in every later group.
            for (int r = 0; r < map.Length; r++)
            {
                if (map[r] >= rowsPerTile)
                {
                    continue;
                }
                for (int group = 1; group < kernel.Accumulators / rowsPerTile; group++)
                {
                    int copy = r + (group * rowsPerTile);
                    if (copy >= map.Length || map[copy] != map[r] + (group * rowsPerTile))
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /// <summary>
    /// The epilogue of a sub-group whose tiles stored their sums to <c>pre</c>: stream by stream, every row of every unit
    /// of the panel read back and handed to the cell's epilogue as its accumulators.
    /// </summary>
    private static void EmitPreActivationEpilogue(SourceWriter w, PanelKernel kernel, VectorIsa isa, string p, int streams, StreamsForm form)
    {
        int vectors = kernel.PanelWidth / isa.Width;
        bool loop = vectors > MaxUnrolledTiles;
        w.Line("// Epilogue of each stream of the sub-group: its pre-activations of the panel are complete.");
        using (w.Open($"for (int s = 0; s < {streams}; s++)"))
        {
            w.Line("// Stream s of the sub-group: its h, c and new h lie s strides after stream 0's, its sums s blocks into pre.");
            foreach (var (parameter, stride) in form.StreamParameters.Where(parameter => parameter.Name != "x"))
            {
                w.Line($"ref float {parameter}_s = ref Unsafe.Add(ref {parameter}g, s * {stride});");
            }
            w.Line($"ref float pre_s = ref Unsafe.Add(ref pre, s * {kernel.Accumulators * kernel.PanelWidth});");
            if (loop)
            {
                w.Line($"// Units lane..lane + {isa.Width - 1} of the panel per iteration.");
            }
            using (w.OpenIf(loop, $"for (nuint lane = 0; lane < {kernel.PanelWidth}; lane += {isa.Width})"))
            {
                string Lane(int v) => loop ? "lane" : (v * isa.Width).ToString(CultureInfo.InvariantCulture);
                string Unit(int v) => p == "0" ? Lane(v) : $"{p} * {kernel.PanelWidth} + {Lane(v)}";
                string Sums(int a, int v) => isa.Load("pre_s", Sum(a * kernel.PanelWidth, Lane(v)));
                kernel.Epilogue(w, isa, loop ? 1 : vectors, Sums, Unit, "_s");
            }
        }
    }

    /// <summary>
    /// The int8 row scales around a section: acc = b + s⊙Σ q·x is computed as ((acc ⊘ s) + Σ q·x)⊙s, so the scale
    /// multiplies each accumulator twice per section instead of every weight, and one accumulator still carries the
    /// bias and every section (W_ih and W_hh rows have their own scales). Only the tile's accumulators (tileRows) are
    /// scaled. Before the section they are multiplied by 1/s; after it the odd-column set (if any) is folded in and the
    /// sum multiplied by s.
    /// </summary>
    private static void EmitSectionScaling(SourceWriter w, PanelKernel kernel, VectorIsa isa, ColumnSection section, int[] tileRows, int perTile, int streams, System.Func<int, string> lane, System.Func<int, int, int, string> acc, bool split, bool before)
    {
        int rows = section.AccumulatorOfRow.Length;
        w.Line(before
            ? $"// int8 rows: divide by the rows' scales (multiply by 1/s) so the integer sums below add in the weights' units."
            : $"// int8 rows: back to real units, acc ⊙= s (each row's scale once per accumulator).");
        for (int r = 0; r < rows; r++)
        {
            int a = section.AccumulatorOfRow[r];
            if (!tileRows.Contains(a))
            {
                continue;
            }
            int start = section.Scales + ((before ? rows + r : r) * kernel.PanelWidth);
            for (int v = 0; v < perTile; v++)
            {
                string scale = isa.Load("pw", Sum(start, lane(v)));
                for (int s = 0; s < streams; s++)
                {
                    string target = acc(a, v, s);
                    if (before)
                    {
                        w.Line($"{target} *= {scale};");
                    }
                    else if (split)
                    {
                        w.Line($"{target} = ({target} + {target}odd) * {scale}; {target}odd = {isa.Type}.Zero;");
                    }
                    else
                    {
                        w.Line($"{target} *= {scale};");
                    }
                }
            }
        }
    }

    /// <summary>"start + lane", folded to one number when the lane is a constant.</summary>
    private static string Sum(int start, string lane)
        => int.TryParse(lane, System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? (start + value).ToString(CultureInfo.InvariantCulture)
            : $"{start} + {lane}";

    /// <param name="tileRows">The accumulators the tile holds: rows of the section adding into others are left to other tiles.</param>
    /// <param name="laneBase">The variable holding the sub-tile's offset inside each row (<c>lane</c> in a sub-tile loop, <c>row</c> in a
    /// loop over groups of rows), or null when the offset is the constant <paramref name="firstLane"/>.</param>
    /// <param name="firstLane">The sub-tile's first unit when <paramref name="laneBase"/> is null.</param>
    /// <param name="acc">The accumulator of (row's accumulator, vector, stream, column).</param>
    /// <param name="form">The multi-stream form (null for one stream): stream s's source element k lies s source strides after stream 0's.</param>
    /// <param name="wide">A multi-stream tile: a loop over the columns, <see cref="StreamsColumnUnroll"/> per iteration.</param>
    private static void EmitVectorSection(SourceWriter w, PanelKernel kernel, VectorIsa isa, ColumnSection section, int[] tileRows, int perTile, string? laneBase, int firstLane, int streams, System.Func<int, int, int, int, string> acc, StreamsForm? form = null, bool wide = false)
    {
        int rows = section.AccumulatorOfRow.Length;
        int stride = rows * kernel.PanelWidth;
        string col = "s" + section.Offset.ToString(CultureInfo.InvariantCulture);
        string Source(int s) => form is null ? section.Source : section.Source + "g";
        string Element(string source, int s, int column) => form is null || s == 0
            ? $"Unsafe.Add(ref {source}, {column})"
            : $"Unsafe.Add(ref {source}, ({s} * {form.Stride(section.Source)}) + {column})";
        string Broadcast(int k, int s) => "b" + k.ToString(CultureInfo.InvariantCulture) + (streams == 1 ? "" : "s" + s.ToString(CultureInfo.InvariantCulture));
        w.Line($"// {section.Comment}");
        w.Line(WeightLoads.SectionRef(kernel.Precision, col, section.Offset.ToString(CultureInfo.InvariantCulture)));

        // Column k: every weight vector of the column times the broadcast k-th source value of each stream.
        void Column(int k, System.Func<string, int, string> element, int columnBase)
        {
            for (int s = 0; s < streams; s++)
            {
                w.Line($"{isa.Type} {Broadcast(k, s)} = {isa.Broadcast(element(Source(s), s))};");
            }
            for (int r = 0; r < rows; r++)
            {
                if (!tileRows.Contains(section.AccumulatorOfRow[r]))
                {
                    continue;
                }
                for (int v = 0; v < perTile; v++)
                {
                    int offset = columnBase + (r * kernel.PanelWidth) + (v * isa.Width);
                    string index = laneBase is null
                        ? (offset + firstLane).ToString(CultureInfo.InvariantCulture)
                        : $"{laneBase} + {offset.ToString(CultureInfo.InvariantCulture)}";
                    string weight = WeightLoads.Load(isa, kernel.Precision, col, index);
                    if (streams == 1)
                    {
                        string target = acc(section.AccumulatorOfRow[r], v, 0, k);
                        w.Line($"{target} = {isa.MultiplyAdd(weight, Broadcast(k, 0), target)};");
                        continue;
                    }
                    w.Line($"weight = {weight};");
                    for (int s = 0; s < streams; s++)
                    {
                        string target = acc(section.AccumulatorOfRow[r], v, s, k);
                        w.Line($"{target} = {isa.MultiplyAdd("weight", Broadcast(k, s), target)};");
                    }
                }
            }
        }

        // Paired columns k, k + 1 (k even, at k's plain place): one load gives both columns' weight vectors; column k's
        // products go first into each accumulator, as in the float32 walk, so every sum is the same bit for bit.
        void Pair(int k, System.Func<string, int, int, string> element, int columnBase)
        {
            for (int s = 0; s < streams; s++)
            {
                w.Line($"{isa.Type} {Broadcast(k, s)} = {isa.Broadcast(element(Source(s), s, k))}, {Broadcast(k + 1, s)} = {isa.Broadcast(element(Source(s), s, k + 1))};");
            }
            for (int r = 0; r < rows; r++)
            {
                if (!tileRows.Contains(section.AccumulatorOfRow[r]))
                {
                    continue;
                }
                for (int v = 0; v < perTile; v++)
                {
                    int offset = columnBase + (2 * ((r * kernel.PanelWidth) + (v * isa.Width)));
                    string index = laneBase is null
                        ? (offset + (2 * firstLane)).ToString(CultureInfo.InvariantCulture)
                        : $"(2 * {laneBase}) + {offset.ToString(CultureInfo.InvariantCulture)}";
                    w.Line(WeightLoads.LoadPair(isa, col, index, "out weight", "out weightOdd"));
                    for (int half = 0; half < 2; half++)
                    {
                        for (int s = 0; s < streams; s++)
                        {
                            string target = acc(section.AccumulatorOfRow[r], v, s, k + half);
                            w.Line($"{target} = {isa.MultiplyAdd(half == 0 ? "weight" : "weightOdd", Broadcast(k + half, s), target)};");
                        }
                    }
                }
            }
        }

        // The first count columns, at columnBase(i) for the i-th: in pairs when the layout pairs them.
        void Columns(int count, System.Func<string, int, int, string> element, System.Func<int, int> columnBase)
        {
            int k = 0;
            for (; WeightLoads.Paired(kernel.Precision) && k + 1 < count; k += 2)
            {
                Pair(k, element, columnBase(k));
            }
            for (; k < count; k++)
            {
                int column = k;
                Column(k, (source, s) => element(source, s, column), columnBase(k));
            }
        }

        int unroll = wide ? StreamsColumnUnroll : ColumnUnroll;
        if (section.Count <= (wide ? StreamsColumnUnroll : FullUnrollColumns))
        {
            Columns(section.Count, (source, s, k) => Element(source, s, k), k => k * stride);
            return;
        }
        int whole = section.Count / unroll * unroll;
        // One cursor serves every stream: the others' elements lie at constant offsets from it.
        string Cursor(string source) => "src" + section.Offset.ToString(CultureInfo.InvariantCulture);
        w.Line($"ref float {Cursor(Source(0))} = ref {Source(0)};");
        using (w.Open($"for (nuint k = 0; k < {whole}; k += {unroll})"))
        {
            Columns(unroll, (source, s, i) => Element(Cursor(source), s, i), i => i * stride);
            w.Line($"{col} = ref Unsafe.Add(ref {col}, {unroll * stride});");
            w.Line($"{Cursor(Source(0))} = ref Unsafe.Add(ref {Cursor(Source(0))}, {unroll});");
        }
        if (WeightLoads.Paired(kernel.Precision) && section.Count > whole)
        {
            using (w.Open(""))
            {
                Columns(section.Count - whole, (source, s, i) => Element(Cursor(source), s, i), i => i * stride);
            }
            return;
        }
        for (int i = 0; i < section.Count - whole; i++)
        {
            using (w.Open(""))
            {
                int column = i;
                Column(i, (source, s) => Element(Cursor(source), s, column), i * stride);
            }
        }
    }

    private static void EmitScalarPanel(SourceWriter w, PanelKernel kernel, string p)
    {
        var isa = VectorIsa.Scalar;
        using (w.Open($"for (nuint u = 0; u < {kernel.PanelWidth}; u++)"))
        {
            string Unit(int v) => p == "0" ? "u" : $"{p} * {kernel.PanelWidth} + u";
            string Acc(int a, int v) => $"a{a}";
            for (int a = 0; a < kernel.Accumulators; a++)
            {
                w.Line($"float {Acc(a, 0)} = {kernel.Init(isa, a, "u", Unit(0))};");
            }
            foreach (var section in kernel.Sections)
            {
                int rows = section.AccumulatorOfRow.Length;
                int stride = rows * kernel.PanelWidth;
                w.Line($"// {section.Comment}");
                bool paired = WeightLoads.Paired(kernel.Precision);
                if (kernel.Precision == WeightPrecision.Float32)
                {
                    w.Line($"ref float s{section.Offset} = ref Unsafe.Add(ref pw, {section.Offset} + u);");
                }
                else if (paired)
                {
                    // Paired columns: unit u's weights of a pair sit at 2u (column k) and 2u + 1 (column k + 1).
                    w.Line(WeightLoads.SectionRef(kernel.Precision, "s" + section.Offset.ToString(CultureInfo.InvariantCulture), section.Offset.ToString(CultureInfo.InvariantCulture)));
                }
                else
                {
                    string element = WeightLoads.ElementType(kernel.Precision);
                    w.Line($"ref {element} s{section.Offset} = ref Unsafe.Add(ref Unsafe.As<float, {element}>(ref Unsafe.Add(ref pw, {section.Offset})), u);");
                }
                if (section.Scales >= 0)
                {
                    w.Line("// int8 rows: divide by the rows' scales before the integer sums, multiply after (once per accumulator).");
                    for (int r = 0; r < rows; r++)
                    {
                        w.Line($"{Acc(section.AccumulatorOfRow[r], 0)} *= Unsafe.Add(ref pw, {section.Scales + ((rows + r) * kernel.PanelWidth)} + u);");
                    }
                }
                if (paired)
                {
                    EmitScalarPairs(w, kernel, section, rows, stride, Acc);
                }
                else
                {
                    using (w.Open($"for (nuint k = 0; k < {section.Count}; k++)"))
                    {
                        w.Line($"float b = Unsafe.Add(ref {section.Source}, k);");
                        w.Line($"ref {WeightLoads.ElementType(kernel.Precision)} column = ref Unsafe.Add(ref s{section.Offset}, k * {stride});");
                        for (int r = 0; r < rows; r++)
                        {
                            string target = Acc(section.AccumulatorOfRow[r], 0);
                            string weight = kernel.Precision == WeightPrecision.Float32
                                ? $"Unsafe.Add(ref column, {r * kernel.PanelWidth})"
                                : WeightLoads.Load(isa, kernel.Precision, "column", (r * kernel.PanelWidth).ToString(CultureInfo.InvariantCulture));
                            w.Line($"{target} += {weight} * b;");
                        }
                    }
                }
                if (section.Scales >= 0)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        w.Line($"{Acc(section.AccumulatorOfRow[r], 0)} *= Unsafe.Add(ref pw, {section.Scales + (r * kernel.PanelWidth)} + u);");
                    }
                }
            }
            kernel.Epilogue(w, isa, 1, Acc, Unit, "");
        }
    }

    /// <summary>
    /// The scalar walk of a paired section for unit u: column k's product, then column k + 1's, into each accumulator
    /// (the float32 order); an odd last column is plain.
    /// </summary>
    private static void EmitScalarPairs(SourceWriter w, PanelKernel kernel, ColumnSection section, int rows, int stride, System.Func<int, int, string> acc)
    {
        var isa = VectorIsa.Scalar;
        string s = "s" + section.Offset.ToString(CultureInfo.InvariantCulture);
        int pairs = section.Count / 2 * 2;
        if (pairs > 0)
        {
            using (w.Open($"for (nuint k = 0; k < {pairs}; k += 2)"))
            {
                w.Line("float weight, weightOdd;");
                w.Line($"float b = Unsafe.Add(ref {section.Source}, k), b1 = Unsafe.Add(ref {section.Source}, k + 1);");
                w.Line($"ref ushort column = ref Unsafe.Add(ref {s}, (k * {stride}) + (2 * u));");
                for (int r = 0; r < rows; r++)
                {
                    string target = acc(section.AccumulatorOfRow[r], 0);
                    w.Line(WeightLoads.LoadPair(isa, "column", (2 * r * kernel.PanelWidth).ToString(CultureInfo.InvariantCulture), "out weight", "out weightOdd"));
                    w.Line($"{target} += weight * b;");
                    w.Line($"{target} += weightOdd * b1;");
                }
            }
        }
        if (section.Count > pairs)
        {
            using (w.Open(""))
            {
                w.Line($"float b = Unsafe.Add(ref {section.Source}, {pairs});");
                w.Line($"ref ushort column = ref Unsafe.Add(ref {s}, {pairs * stride} + u);");
                for (int r = 0; r < rows; r++)
                {
                    string target = acc(section.AccumulatorOfRow[r], 0);
                    w.Line($"{target} += {WeightLoads.Load(isa, kernel.Precision, "column", (r * kernel.PanelWidth).ToString(CultureInfo.InvariantCulture))} * b;");
                }
            }
        }
    }

    /// <summary>Vectors per sub-tile: the whole panel, halved until its accumulators fit <see cref="MaxLiveAccumulators"/>.</summary>
    private static int TileVectors(int panelWidth, int accumulators, VectorIsa isa)
    {
        int perTile = panelWidth / isa.Width;
        while (perTile > 1 && perTile * accumulators > MaxLiveAccumulators)
        {
            perTile /= 2;
        }
        return perTile;
    }

    /// <summary>"512-bit", "256-bit", "128-bit" or "scalar", as the summaries name a branch.</summary>
    public static string BranchName(VectorIsa isa)
        => isa.IsScalar ? "scalar" : (isa.Width * 32).ToString(CultureInfo.InvariantCulture) + "-bit";

    /// <summary>"ref float w, ref float x" → "ref w, ref x".</summary>
    private static string Arguments(string parameters)
        => string.Join(", ", parameters.Split(',').Select(part =>
        {
            var words = part.Trim().Split(' ');
            return (words[0] == "ref" ? "ref " : "") + words[words.Length - 1];
        }));
}
