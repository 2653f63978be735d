using System.Text.RegularExpressions;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Loading;

/// <summary>A recurrent module found in a file: its name prefix and whether it is a single cell (no _l{k} suffixes).</summary>
internal sealed record RecurrentModule(string Prefix, bool IsCell)
{
    /// <summary>The prefix as users write it: without the trailing dot, "(none)" for the file's top level.</summary>
    public string DisplayName => Prefix.Length == 0 ? "(none)" : Prefix.TrimEnd('.');
}

/// <summary>Finds recurrent modules by their PyTorch tensor names (<c>{prefix}weight_ih_l0</c> or <c>{prefix}weight_ih</c>).</summary>
internal static partial class ModuleScanner
{
    [GeneratedRegex(@"^(?<prefix>(?:.*\.)?)weight_ih(?<layer>_l0)?$", RegexOptions.CultureInvariant)]
    private static partial Regex InputWeightName();

    public static IReadOnlyList<RecurrentModule> Scan(SafeTensorsFile file)
    {
        var modules = new List<RecurrentModule>();
        foreach (TensorInfo tensor in file.Tensors)
        {
            Match match = InputWeightName().Match(tensor.Name);
            if (match.Success)
                modules.Add(new RecurrentModule(match.Groups["prefix"].Value, !match.Groups["layer"].Success));
        }

        return modules;
    }

    /// <summary>The module named by <paramref name="requested"/> (options or metadata), or the only one.</summary>
    public static RecurrentModule Choose(SafeTensorsFile file, string? requested, string source)
    {
        IReadOnlyList<RecurrentModule> modules = Scan(file);
        string found = modules.Count == 0 ? "none" : string.Join(", ", modules.Select(m => m.DisplayName));
        if (requested is null)
        {
            if (modules.Count == 1)
                return modules[0];
            if (modules.Count == 0)
                throw new WeightsFormatException("The file holds no recurrent module: expected a tensor named weight_ih_l0 or weight_ih (under any prefix).");
            throw new WeightsFormatException($"The file holds several recurrent modules ({found}); choose one with the module option (--module) or the recurrent.module metadata.");
        }

        string prefix = requested.Length == 0 || requested.EndsWith('.') ? requested : requested + ".";
        RecurrentModule? chosen = modules.FirstOrDefault(m => m.Prefix == prefix);
        return chosen ?? throw new WeightsFormatException($"No recurrent module '{requested}' ({source}) in the file; found: {found}.");
    }
}
