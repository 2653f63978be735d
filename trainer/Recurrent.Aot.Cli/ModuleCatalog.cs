using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli;

/// <summary>
/// Finds the recurrent modules of a weights file: every name prefix before <c>weight_ih_l0</c> (a
/// stacked RNN/LSTM/GRU) or <c>weight_ih</c> (a single cell), and picks the one to run.
/// </summary>
internal static class ModuleCatalog
{
    private static readonly string[] FirstTensorNames = ["weight_ih_l0", "weight_ih"];

    /// <summary>The prefixes, each with its trailing dot ("" for a module saved without prefix), in file order.</summary>
    public static IReadOnlyList<string> FindModules(SafeTensorsFile file)
    {
        var modules = new List<string>();
        foreach (TensorInfo tensor in file.Tensors)
        {
            foreach (string suffix in FirstTensorNames)
            {
                if (tensor.Name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    string prefix = tensor.Name[..^suffix.Length];
                    if ((prefix.Length == 0 || prefix.EndsWith('.')) && !modules.Contains(prefix))
                    {
                        modules.Add(prefix);
                    }
                }
            }
        }

        return modules;
    }

    /// <summary>
    /// The prefix to run: the one the user asked for (a trailing dot optional), else the metadata's
    /// <c>recurrent.module</c>, else the only module. Errors list what the file holds.
    /// </summary>
    public static string Choose(SafeTensorsFile file, string? requested, string path)
    {
        IReadOnlyList<string> modules = FindModules(file);
        if (modules.Count == 0)
        {
            throw new CliInputException($"{path} holds no recurrent module: no tensor is named weight_ih_l0 or weight_ih under any prefix.");
        }

        if (requested is null && file.Metadata.TryGetValue("recurrent.module", out string? fromMetadata))
        {
            requested = fromMetadata;
        }

        if (requested is not null)
        {
            string prefix = ToPrefix(requested);
            if (!modules.Contains(prefix))
            {
                throw new CliInputException($"{path} has no module '{requested}'; its modules are {List(modules)}.");
            }

            return prefix;
        }

        if (modules.Count > 1)
        {
            throw new CliInputException($"{path} holds several modules ({List(modules)}); choose one with --module.");
        }

        return modules[0];
    }

    public static string ToPrefix(string module)
    {
        string trimmed = module.TrimEnd('.');
        return trimmed.Length == 0 ? "" : trimmed + ".";
    }

    public static string DisplayName(string prefix) => prefix.Length == 0 ? "(none)" : prefix.TrimEnd('.');

    private static string List(IEnumerable<string> modules) => string.Join(", ", modules.Select(m => $"'{DisplayName(m)}'"));
}
