using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli;

/// <summary>The command line's view of a file's recurrent modules: the runtime chooses, errors name the file.</summary>
internal static class ModuleCatalog
{
    /// <summary>
    /// The prefix to run (with its trailing dot, "" for the top level): the one the user asked for, else the
    /// metadata's <c>recurrent.module</c>, else the only module. Errors list what the file holds.
    /// </summary>
    public static string Choose(SafeTensorsFile file, string? requested, string path)
    {
        try
        {
            return RecurrentModules.Choose(file, requested).Prefix;
        }
        catch (WeightsFormatException e)
        {
            throw new CliInputException($"{path}: {e.Message}", e);
        }
    }

    public static string ToPrefix(string module)
    {
        string trimmed = module.TrimEnd('.');
        return trimmed.Length == 0 ? "" : trimmed + ".";
    }

    public static string DisplayName(string prefix) => prefix.Length == 0 ? "(none)" : prefix.TrimEnd('.');
}
