using System.Globalization;
using System.Text;

namespace Recurrent.Aot.Benchmarks.Anchors;

/// <summary>
/// The side-by-side table of one sitting: the project's medians (<see cref="Reporting.MediansExporter"/> of the
/// anchor suite) joined with RTNeural's (every line its harness printed, from every build and round before
/// and after the suite; the best build's median counts, as the anchor's README says). Ratios are anchor time
/// over project time, so above 1 means the project is faster.
/// </summary>
public static class AnchorTable
{
    public const string Command = "anchor-table";

    /// <summary><c>anchor-table MEDIANS.tsv RTNEURAL.txt OUTPUT.md</c>; RTNEURAL.txt may be absent (its column stays empty).</summary>
    public static int Run(ReadOnlySpan<string> args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine($"usage: {Command} MEDIANS.tsv RTNEURAL.txt OUTPUT.md");
            return 2;
        }

        Dictionary<(string Cell, int Input, int Hidden), Dictionary<string, double>> project = ReadMedians(args[0]);
        Dictionary<(string Cell, int Input, int Hidden), (double Median, string Build)> rtneural = File.Exists(args[1]) ? ReadRtNeural(args[1]) : [];
        string table = Format(project, rtneural);
        File.WriteAllText(args[2], table);
        Console.Write(table);
        return 0;
    }

    private static string Format(
        Dictionary<(string Cell, int Input, int Hidden), Dictionary<string, double>> project,
        Dictionary<(string Cell, int Input, int Hidden), (double Median, string Build)> rtneural)
    {
        var text = new StringBuilder();
        foreach (string cell in new[] { "LSTM", "GRU" })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {cell} (in, hidden) | RTNeural | ORT stream | ORT seq | runtime cell | generated Step | generated Run (seq) | runtime Run (seq) | Step vs RTNeural | Step vs ORT stream | generated Run vs ORT seq | runtime Run vs ORT seq |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (((string Cell, int Input, int Hidden) key, Dictionary<string, double> medians) in project.Where(p => p.Key.Cell == cell).OrderBy(p => p.Key.Hidden).ThenBy(p => p.Key.Input))
            {
                double? Get(string method) => medians.TryGetValue(method, out double value) ? value : null;
                double? rtn = rtneural.TryGetValue(key, out var best) ? best.Median : null;
                double? step = Get("GeneratedStep");
                double? ortStream = Get("OrtStream"), ortSequence = Get("OrtSequence");
                double? generatedRun = Get("GeneratedRun"), runtimeRun = Get("RuntimeRun");
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| ({key.Input}, {key.Hidden}) | {Ns(rtn)} | {Ns(ortStream)} | {Ns(ortSequence)} | {Ns(Get("RuntimeCell"))} | {Ns(step)} | {Ns(generatedRun)} | {Ns(runtimeRun)} | {Ratio(rtn, step)} | {Ratio(ortStream, step)} | {Ratio(ortSequence, generatedRun)} | {Ratio(ortSequence, runtimeRun)} |");
            }

            text.AppendLine();
        }

        if (rtneural.Count > 0)
        {
            text.AppendLine("RTNeural build that was fastest per shape: " + string.Join(", ",
                rtneural.OrderBy(r => r.Key.Cell).ThenBy(r => r.Key.Hidden).Select(r => $"{r.Key.Cell} ({r.Key.Input}, {r.Key.Hidden}) {r.Value.Build}")) + ".");
        }
        else
        {
            text.AppendLine("RTNeural: no results given (build the anchor harness and set RTNEURAL_BUILD; see benchmarks/run.sh).");
        }

        return text.ToString();
    }

    private static Dictionary<(string, int, int), Dictionary<string, double>> ReadMedians(string path)
    {
        var result = new Dictionary<(string, int, int), Dictionary<string, double>>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] fields = line.Split('\t');
            if (fields.Length < 6 || fields[3] != "1")
            {
                continue;
            }

            var key = (fields[0], Parse(fields[1]), Parse(fields[2]));
            if (!result.TryGetValue(key, out Dictionary<string, double>? medians))
            {
                result[key] = medians = [];
            }

            medians[fields[4]] = double.Parse(fields[5], CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>Lines "BUILD CELL IN HIDDEN MEDIAN MIN ..." (run.sh prefixes the harness's lines with the build); the lowest median per shape wins.</summary>
    private static Dictionary<(string, int, int), (double, string)> ReadRtNeural(string path)
    {
        var result = new Dictionary<(string, int, int), (double Median, string Build)>();
        foreach (string line in File.ReadLines(path))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || (fields[1] != "LSTM" && fields[1] != "GRU")
                || !double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double median))
            {
                continue;
            }

            var key = (fields[1], Parse(fields[2]), Parse(fields[3]));
            if (!result.TryGetValue(key, out var best) || median < best.Median)
            {
                result[key] = (median, fields[0]);
            }
        }

        return result;
    }

    private static int Parse(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static string Ns(double? value) => value is { } v ? v.ToString(v >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture) : "–";

    private static string Ratio(double? anchor, double? project) =>
        anchor is { } a && project is { } p && p > 0 ? (a / p).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";
}
