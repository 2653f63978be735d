using System;
using System.Collections.Immutable;

namespace Recurrent.Aot.Generator.Model;

/// <summary>
/// One declaration paired with the only weights file it can depend on. Building a model takes this instead of
/// every listed file, so editing or listing one file rebuilds only the models that name it.
/// </summary>
/// <param name="Request">The declaration.</param>
/// <param name="File">
/// The listed file the declaration names, or null: when no listed file has that name (RAOT005), and always for
/// declarations that read no file (shape-only ones, and those already in error).
/// </param>
internal sealed record DeclarationWithFile(DeclarationRequest Request, WeightsFile? File)
{
    /// <summary>Picks the declaration's file out of every listed one; declarations that read no file get none.</summary>
    public static DeclarationWithFile Pair(DeclarationRequest request, ImmutableArray<WeightsFile> files)
    {
        bool readsFile = request.Diagnostics.Length == 0 && request.Shape is null && request.File is not null;
        return new DeclarationWithFile(request, readsFile ? Find(files, request.File!.Path) : null);
    }

    /// <summary>The first listed file whose path ends with the attribute's path (separators normalised).</summary>
    private static WeightsFile? Find(ImmutableArray<WeightsFile> files, string path)
    {
        string wanted = Normalize(path);
        if (wanted.Length == 0)
        {
            return null;
        }
        foreach (var file in files)
        {
            string candidate = Normalize(file.Path);
            if (candidate == wanted || candidate.EndsWith("/" + wanted, StringComparison.Ordinal))
            {
                return file;
            }
        }
        return null;
    }

    private static string Normalize(string path)
    {
        string result = path.Replace('\\', '/');
        while (result.StartsWith("./", StringComparison.Ordinal))
        {
            result = result.Substring(2);
        }
        return result;
    }
}
