using System.Globalization;
using Recurrent.Aot.IO;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Recurrent.Aot.Cli.Inspection;

/// <summary>
/// What <c>recurrent inspect</c> prints: the inferred architecture, every tensor with its role, the
/// metadata and the parameter count.
/// </summary>
internal sealed class ModelReport
{
    private readonly string path;
    private readonly SafeTensorsFile file;
    private readonly RecurrentModuleInfo module;
    private readonly string modulePrefix;
    private readonly string? headPrefix;
    private readonly ModelSpec spec;

    public ModelReport(string path, SafeTensorsFile file, RecurrentModuleInfo module, ModelSpec spec)
    {
        this.path = path;
        this.file = file;
        this.module = module;
        modulePrefix = module.Prefix;
        this.spec = spec;
        headPrefix = spec.Head is not null && file.Metadata.TryGetValue(RecurrentMetadataKeys.Head, out string? head)
            ? ModuleCatalog.ToPrefix(head)
            : null;
    }

    /// <summary>Elements of every tensor the model uses (recurrent layers and head); int8 scales are storage, not parameters.</summary>
    public long ParameterCount => file.Tensors
        .Where(t => TensorRoles.Describe(t.Name, modulePrefix, headPrefix) is { } role && !TensorRoles.IsScale(role))
        .Sum(t => t.ElementCount);

    public void Write(TextWriter writer)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 120;

        console.Write(ArchitectureGrid());
        console.WriteLine();
        console.Write(TensorTable());
        console.WriteLine();
        console.Write(MetadataTable());
    }

    private Grid ArchitectureGrid()
    {
        CellSpec cell = spec.Cell;
        var grid = new Grid().AddColumn().AddColumn();
        AddRow(grid, "model", path);
        AddRow(grid, "module", module.DisplayName);
        AddRow(grid, "kind", ModelDescription.KindName(cell.Kind));
        AddRow(grid, "input size", Number(cell.InputSize));
        AddRow(grid, "hidden size", Number(cell.HiddenSize));
        AddRow(grid, "projection", cell.ProjSize > 0 ? Number(cell.ProjSize) : "none");
        AddRow(grid, "layers", Number(spec.Layers));
        AddRow(grid, "directions", spec.Bidirectional ? "2 (bidirectional)" : spec.Reverse ? "1 (reverse: reads the sequence from its end)" : "1");
        AddRow(grid, "bias", cell.HasBias ? "yes" : "no");
        AddRow(grid, "activations", Activations(cell));
        if (cell.Kind == CellKind.Lstm)
        {
            AddRow(grid, "peepholes", cell.Peepholes ? "yes (i, f, o)" : "no");
            AddRow(grid, "input-forget", cell.InputForget ? "yes (f = 1 - i)" : "no");
        }

        if (cell.Kind == CellKind.Gru)
        {
            AddRow(grid, "GRU reset", cell.GruReset == GruResetMode.AfterMatmul ? "after the matmul (PyTorch)" : "before the matmul (original GRU)");
        }

        AddRow(grid, "clip", cell.Clip is float clip ? clip.ToString("R", CultureInfo.InvariantCulture) : "none");
        AddRow(grid, "head", Head());
        AddRow(grid, "output per step", Number(spec.Head?.OutputSize ?? (spec.Directions * cell.OutputSize)));
        AddRow(grid, "parameters", ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        WeightSummary weights = WeightSummary.Of(file, modulePrefix);
        AddRow(grid, "weight precision", weights.Precision);
        AddRow(grid, "weight bytes", weights.Bytes.ToString("N0", CultureInfo.InvariantCulture) + " (weight matrices as stored, scales included)");
        return grid;
    }

    private Table TensorTable()
    {
        var table = new Table().Title("tensors").AddColumns("name", "dtype", "shape", "role");
        foreach (TensorInfo tensor in file.Tensors)
        {
            string role = TensorRoles.Describe(tensor.Name, modulePrefix, headPrefix) ?? "not used";
            table.AddRow(Plain(tensor.Name), Plain(tensor.DType.ToString()), Plain(ShapeText.Format(tensor.Shape)), Plain(role));
        }

        return table;
    }

    private Table MetadataTable()
    {
        var table = new Table().Title("metadata").AddColumns("key", "value");
        if (file.Metadata.Count == 0)
        {
            table.AddRow(Plain("(none)"), Plain(""));
        }

        foreach (var (key, value) in file.Metadata.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            table.AddRow(Plain(key), Plain(value));
        }

        return table;
    }

    private string Head() => spec.Head is { } head
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"{(string.IsNullOrEmpty(headPrefix) ? "(none)" : headPrefix.TrimEnd('.'))}: linear {spec.Directions * spec.Cell.OutputSize} -> {head.OutputSize}{(head.HasBias ? "" : " (no bias)")}, activation {ModelDescription.HeadActivationName(head.Activation)}")
        : "none";

    private static string Activations(CellSpec cell) => cell.Kind switch
    {
        CellKind.Rnn => $"nonlinearity {ModelDescription.ActivationText(cell.CandidateActivation, cell.CandidateParameters)}",
        CellKind.Gru => $"gates {ModelDescription.ActivationText(cell.GateActivation, cell.GateParameters)}, candidate {ModelDescription.ActivationText(cell.CandidateActivation, cell.CandidateParameters)}",
        _ => $"gates {ModelDescription.ActivationText(cell.GateActivation, cell.GateParameters)}, candidate {ModelDescription.ActivationText(cell.CandidateActivation, cell.CandidateParameters)}, cell {ModelDescription.ActivationText(cell.CellActivation, cell.CellParameters)}",
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // Names and values may hold '[' or ']', which markup would interpret: render them as plain text.
    private static Text Plain(string text) => new(text);

    private static void AddRow(Grid grid, string label, string value) => grid.AddRow(new IRenderable[] { Plain(label), Plain(value) });
}
