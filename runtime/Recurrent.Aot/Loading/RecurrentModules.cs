using System.Text.RegularExpressions;
using Recurrent.Aot.IO;
using Recurrent.Aot.Loading;

namespace Recurrent.Aot;

/// <summary>A recurrent module found in a weights file: its name prefix and whether it is a single cell (no _l{k} suffixes).</summary>
/// <param name="Prefix">The tensor-name prefix with its trailing dot (<c>"lstm."</c>), or <c>""</c> at the file's top level.</param>
/// <param name="IsCell">True for <c>nn.LSTMCell</c>-style names (<c>weight_ih</c>), false for layered ones (<c>weight_ih_l0</c>).</param>
public sealed record RecurrentModuleInfo(string Prefix, bool IsCell)
{
    /// <summary>The prefix as users write it: without the trailing dot, "(none)" for the file's top level.</summary>
    public string DisplayName => Prefix.Length == 0 ? "(none)" : Prefix.TrimEnd('.');
}

/// <summary>Finds recurrent modules by their PyTorch tensor names (<c>{prefix}weight_ih_l0</c> or <c>{prefix}weight_ih</c>).</summary>
public static partial class RecurrentModules
{
    [GeneratedRegex(@"^(?<prefix>(?:.*\.)?)weight_ih(?<layer>_l0)?$", RegexOptions.CultureInvariant)]
    private static partial Regex InputWeightName();

    /// <summary>Every recurrent module of the file, in file order.</summary>
    public static IReadOnlyList<RecurrentModuleInfo> Find(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var modules = new List<RecurrentModuleInfo>();
        foreach (TensorInfo tensor in file.Tensors)
        {
            Match match = InputWeightName().Match(tensor.Name);
            if (match.Success)
                modules.Add(new RecurrentModuleInfo(match.Groups["prefix"].Value, !match.Groups["layer"].Success));
        }

        return modules;
    }

    /// <summary>
    /// The module named by <paramref name="requested"/> (a trailing dot optional), else the one the file's
    /// <c>recurrent.module</c> metadata names, else the only one. A <see cref="WeightsFormatException"/>
    /// that lists the file's modules when none fits.
    /// </summary>
    public static RecurrentModuleInfo Choose(SafeTensorsFile file, string? requested)
    {
        ArgumentNullException.ThrowIfNull(file);
        string source = requested is not null ? "asked for" : $"named by the {RecurrentMetadataKeys.Module} metadata";
        requested ??= new MetadataReader(file.Metadata).String(RecurrentMetadataKeys.Module);
        IReadOnlyList<RecurrentModuleInfo> modules = Find(file);
        string found = modules.Count == 0 ? "none" : string.Join(", ", modules.Select(m => $"'{m.DisplayName}'"));
        if (requested is null)
        {
            if (modules.Count == 1)
                return modules[0];
            if (modules.Count == 0)
                throw new WeightsFormatException("The file holds no recurrent module: expected a tensor named weight_ih_l0 or weight_ih (under any prefix).");
            throw new WeightsFormatException($"The file holds several modules ({found}); choose one with --module (ModelLoadOptions.Module) or the {RecurrentMetadataKeys.Module} metadata.");
        }

        string trimmed = requested.TrimEnd('.');
        string prefix = trimmed.Length == 0 ? "" : trimmed + ".";
        RecurrentModuleInfo? chosen = modules.FirstOrDefault(m => m.Prefix == prefix);
        return chosen ?? throw new WeightsFormatException($"The file has no module '{requested}' ({source}); its modules are {found}.");
    }
}
