using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>
/// Finds the listed weights file an attribute path names. A rooted path names the file at that full path. A
/// relative one is resolved against the project folder (the folder of the declaring source file when the build
/// gives none), <c>.</c> and <c>..</c> collapsed: a listed file at the resolved path is the one. Otherwise the
/// path is matched against the end of each listed path, and must match only one file.
/// </summary>
internal static class WeightsFileMatcher
{
    /// <summary>The analyzer config options that may hold the project folder, in the order they are tried.</summary>
    /// <remarks>The .NET SDK makes ProjectDir visible to analyzers in every C# project; the other is a fallback for builds that only expose it.</remarks>
    private static readonly string[] ProjectFolderOptions = { "build_property.ProjectDir", "build_property.MSBuildProjectDirectory" };

    /// <summary>The declaring project's folder as the build gives it, or null when it gives none.</summary>
    public static string? ProjectFolder(AnalyzerConfigOptions options)
    {
        foreach (string key in ProjectFolderOptions)
        {
            if (options.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }
        return null;
    }

    /// <summary>The folder part of a source file's path (separators normalised), or null when it has none.</summary>
    public static string? FolderOf(string? filePath)
    {
        if (string.IsNullOrEmpty(filePath))
        {
            return null;
        }
        string path = filePath!.Replace('\\', '/');
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? (slash == 0 ? "/" : null) : path.Substring(0, slash);
    }

    /// <summary>
    /// The file <paramref name="path"/> names (null when none does, or when several do), and the paths of every
    /// listed file it could mean when it is ambiguous (empty otherwise).
    /// </summary>
    public static (WeightsFile? File, string[] Ambiguous) Find(ImmutableArray<WeightsFile> files, string path, string? projectFolder, string? sourceFolder)
    {
        string wanted = path.Replace('\\', '/');
        if (wanted.Length == 0)
        {
            return (null, Array.Empty<string>());
        }
        bool rooted = RootLength(wanted) > 0;
        string? folder = rooted ? null : NonEmpty(projectFolder) ?? NonEmpty(sourceFolder);
        string? resolved = rooted ? Collapse(wanted) : folder is null ? null : Collapse(folder.Replace('\\', '/') + "/" + wanted);
        if (resolved is not null && RootLength(resolved) > 0)
        {
            foreach (var file in files)
            {
                if (SamePath(Collapse(file.Path), resolved))
                {
                    return (file, Array.Empty<string>());
                }
            }
        }
        if (rooted)
        {
            return (null, Array.Empty<string>());
        }

        string tail = Collapse(wanted);
        WeightsFile? match = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var matches = new List<string>();
        foreach (var file in files)
        {
            string candidate = Collapse(file.Path);
            if ((candidate == tail || candidate.EndsWith("/" + tail, StringComparison.Ordinal)) && seen.Add(candidate))
            {
                match ??= file;
                matches.Add(file.Path);
            }
        }
        return matches.Count > 1 ? (null, matches.ToArray()) : (match, Array.Empty<string>());
    }

    /// <summary>
    /// The path with <c>/</c> separators, empty and <c>.</c> segments dropped and each <c>..</c> taking the segment
    /// before it away (a <c>..</c> at the root is dropped; at the start of a relative path it stays).
    /// </summary>
    public static string Collapse(string path)
    {
        string normalized = path.Replace('\\', '/');
        int root = RootLength(normalized);
        var segments = new List<string>();
        foreach (string segment in normalized.Substring(root).Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }
            if (segment == "..")
            {
                if (segments.Count > 0 && segments[segments.Count - 1] != "..")
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                else if (root == 0)
                {
                    segments.Add(segment);
                }
                continue;
            }
            segments.Add(segment);
        }
        return normalized.Substring(0, root) + string.Join("/", segments);
    }

    /// <summary>The length of the root of a <c>/</c>-separated path: <c>/</c>, <c>//</c> (UNC), <c>C:/</c>; 0 when it is relative.</summary>
    private static int RootLength(string path)
    {
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            return 2;
        }
        if (path.StartsWith("/", StringComparison.Ordinal))
        {
            return 1;
        }
        return IsDrivePath(path) ? 3 : 0;
    }

    private static bool IsDrivePath(string path)
        => path.Length >= 3 && path[1] == ':' && path[2] == '/' && ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z'));

    /// <summary>Full paths compare exactly, except Windows drive paths, whose file system ignores case.</summary>
    private static bool SamePath(string a, string b)
        => string.Equals(a, b, IsDrivePath(a) && IsDrivePath(b) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
