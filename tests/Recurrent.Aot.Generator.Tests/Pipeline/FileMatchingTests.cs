extern alias GeneratorAssembly;

using Microsoft.CodeAnalysis;
using GeneratorAssembly::Recurrent.Aot.Generator.Parsing;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Pipeline;

/// <summary>
/// Which listed file a <c>[RecurrentModel(path)]</c> names: the one at the path from the project's folder (or
/// the declaring file's folder), else the only one whose path ends with it. RAOT011 itself is in DiagnosticTests.
/// </summary>
public sealed class FileMatchingTests : IDisposable
{
    private const string Lstm = "pytorch/lstm_1layer.safetensors";
    private const string Gru = "pytorch/gru_1layer.safetensors";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "raot-files-" + Guid.NewGuid().ToString("N"));

    public FileMatchingTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The project's folder as MSBuild gives ProjectDir: a full path with a trailing separator.</summary>
    private string ProjectFolder => Path.Combine(_root, "App") + Path.DirectorySeparatorChar;

    [Theory]
    [InlineData("../Bad/models/x.safetensors")]
    [InlineData(@"..\Bad\models\x.safetensors")]
    [InlineData("../App/../Bad/./models/x.safetensors")]
    public void A_path_with_dot_dot_resolves_against_the_project_folder(string attributePath)
    {
        string file = Copy(Lstm, "Bad", "models", "x.safetensors");

        var result = Run(attributePath, [file], ProjectFolder);

        AssertEmbeds(result, file);
    }

    [Fact]
    public void A_path_with_dot_dot_resolves_against_the_declaring_file_folder_when_the_build_gives_no_project_folder()
    {
        string file = Copy(Lstm, "Bad", "models", "x.safetensors");

        var result = Run("../Bad/models/x.safetensors", [file], projectFolder: null, sourcePath: Path.Combine(_root, "App", "Models.cs"));

        AssertEmbeds(result, file);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_dot_slash_path_resolves(bool withProjectFolder)
    {
        string file = Copy(Lstm, "App", "x.safetensors");

        var result = Run("./x.safetensors", [file], withProjectFolder ? ProjectFolder : null);

        AssertEmbeds(result, file);
    }

    [Fact]
    public void An_exact_match_wins_over_a_second_suffix_match()
    {
        // Listed first, and its path ends with the attribute's too: only the project's folder tells them apart.
        string other = Copy(Gru, "Other", "models", "dup.safetensors");
        string own = Copy(Lstm, "App", "models", "dup.safetensors");

        var result = Run("models/dup.safetensors", [other, own], ProjectFolder);

        AssertEmbeds(result, own);
        Assert.DoesNotContain(Sha256Hex(other), Assert.Single(GeneratorHarness.ModelSources(result)).SourceText.ToString(), StringComparison.Ordinal);

        // Without the project's folder (and with no folder on the declaring file) both match by their ends.
        var ambiguous = Assert.Single(Run("models/dup.safetensors", [other, own], projectFolder: null).Diagnostics);
        Assert.Equal("RAOT011", ambiguous.Id);
        Assert.Contains("'" + other + "', '" + own + "'", ambiguous.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rooted_path_names_the_file_at_that_path()
    {
        string other = Copy(Gru, "Other", "dup.safetensors");
        string own = Copy(Lstm, "App", "dup.safetensors");

        var result = Run(own, [other, own], projectFolder: null);

        AssertEmbeds(result, own);
    }

    [Fact]
    public void A_file_listed_twice_is_not_ambiguous()
    {
        string file = Copy(Lstm, "Shared", "x.safetensors");

        var result = Run("x.safetensors", [file, file], projectFolder: null);

        AssertEmbeds(result, file);
    }

    [Fact]
    public void A_relative_path_with_no_listed_file_at_it_and_no_suffix_match_is_not_listed()
    {
        string file = Copy(Lstm, "Bad", "models", "x.safetensors");

        var result = Run("../Elsewhere/x.safetensors", [file], ProjectFolder);

        Assert.Equal("RAOT005", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(GeneratorHarness.ModelSources(result));
    }

    [Theory]
    [InlineData("/a/b/../c.safetensors", "/a/c.safetensors")]
    [InlineData("/a/./b//c.safetensors", "/a/b/c.safetensors")]
    [InlineData("/../a.safetensors", "/a.safetensors")]
    [InlineData(@"C:\Repo\App\..\Bad\x.safetensors", "C:/Repo/Bad/x.safetensors")]
    [InlineData(@"\\server\share\a\..\x.safetensors", "//server/share/x.safetensors")]
    [InlineData("./x.safetensors", "x.safetensors")]
    [InlineData("a/../../b/x.safetensors", "../b/x.safetensors")]
    public void Collapse_drops_dot_segments(string path, string expected)
        => Assert.Equal(expected, WeightsFileMatcher.Collapse(path));

    /// <summary>Runs the generator on one declaration naming <paramref name="attributePath"/>.</summary>
    /// <param name="projectFolder">The build's ProjectDir, or null when it gives none.</param>
    /// <param name="sourcePath">The declaring file's path; by default one with no folder.</param>
    private static GeneratorDriverRunResult Run(string attributePath, string[] files, string? projectFolder, string? sourcePath = null)
    {
        string literal = attributePath.Replace("\\", "\\\\", StringComparison.Ordinal);
        var compilation = GeneratorHarness.Compilation(true, $"using Recurrent.Aot.Generation;\nnamespace Demo;\n\n[RecurrentModel(\"{literal}\")]\npublic static partial class Model;\n");
        if (sourcePath is not null)
        {
            var tree = compilation.SyntaxTrees.Single();
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithFilePath(sourcePath));
        }
        var result = GeneratorHarness.Driver(files, projectFolder: projectFolder).RunGenerators(compilation).GetRunResult();
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        return result;
    }

    /// <summary>No diagnostics, and the one model embeds <paramref name="file"/> (its hash is in the source).</summary>
    private static void AssertEmbeds(GeneratorDriverRunResult result, string file)
    {
        Assert.Empty(result.Diagnostics);
        string source = Assert.Single(GeneratorHarness.ModelSources(result)).SourceText.ToString();
        Assert.Contains(Sha256Hex(file), source, StringComparison.Ordinal);
    }

    /// <summary>Copies a fixture to the given folders and name under the test's folder.</summary>
    private string Copy(string fixture, params string[] parts)
    {
        string path = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(GeneratorHarness.Fixture(fixture), path);
        return path;
    }

    private static string Sha256Hex(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
