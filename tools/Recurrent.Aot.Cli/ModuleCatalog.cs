using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli;

/// <summary>The command line's view of a file's recurrent modules: the runtime chooses, errors name the file.</summary>
internal static class ModuleCatalog
{
    /// <summary>
    /// The module to run: the one the user asked for, else the metadata's <c>recurrent.module</c>, else the
    /// only module. Errors list what the file holds and name the file.
    /// </summary>
    public static RecurrentModuleInfo Choose(SafeTensorsFile file, string? requested, string path)
    {
        try
        {
            return RecurrentModules.Choose(file, requested);
        }
        catch (WeightsFormatException e)
        {
            throw new CliInputException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>A metadata or command-line name as a tensor-name prefix, read as the runtime reads it (trimmed, dot optional).</summary>
    public static string ToPrefix(string module)
    {
        string trimmed = module.Trim().TrimEnd('.');
        return trimmed.Length == 0 ? "" : trimmed + ".";
    }
}
