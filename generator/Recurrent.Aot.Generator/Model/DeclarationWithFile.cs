using System.Collections.Immutable;
using Recurrent.Aot.Generator.Helpers;
using Recurrent.Aot.Generator.Parsing;

namespace Recurrent.Aot.Generator.Model;

/// <summary>
/// One declaration paired with the only weights file it can depend on. Building a model takes this instead of
/// every listed file, so editing or listing one file rebuilds only the models that name it.
/// </summary>
/// <param name="Request">The declaration.</param>
/// <param name="File">
/// The listed file the declaration names, or null: when no listed file has that name (RAOT005) or several do
/// (RAOT011), and always for declarations that read no file (shape-only ones, and those already in error).
/// </param>
/// <param name="Ambiguous">The paths of every listed file the attribute's path could mean, when it names more than one; else empty.</param>
internal sealed record DeclarationWithFile(DeclarationRequest Request, WeightsFile? File, EquatableArray<string> Ambiguous)
{
    /// <summary>Picks the declaration's file out of every listed one (see <see cref="WeightsFileMatcher"/>); declarations that read no file get none.</summary>
    /// <param name="projectFolder">The declaring project's folder, or null when the build gives none.</param>
    public static DeclarationWithFile Pair(DeclarationRequest request, ImmutableArray<WeightsFile> files, string? projectFolder)
    {
        bool readsFile = request.Diagnostics.Length == 0 && request.Shape is null && request.File is not null;
        if (!readsFile)
        {
            return new DeclarationWithFile(request, null, EquatableArray<string>.Empty);
        }
        var (file, ambiguous) = WeightsFileMatcher.Find(files, request.File!.Path, projectFolder, request.File.SourceFolder);
        return new DeclarationWithFile(request, file, new EquatableArray<string>(ambiguous));
    }
}
