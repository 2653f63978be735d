extern alias GeneratorAssembly;

using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using GeneratorAssembly::Recurrent.Aot.Generator;

namespace Recurrent.Aot.Generator.Tests.Support;

/// <summary>Runs the generator on source text in memory, and compiles and loads the result.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        string runtime = typeof(Recurrent.Aot.IO.SafeTensorsFile).Assembly.Location;
        if (!paths.Any(p => Path.GetFileName(p) == Path.GetFileName(runtime)))
        {
            paths.Add(runtime);
        }
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp13);

    /// <summary>A compilation of <paramref name="sources"/>; without the runtime assembly when <paramref name="withRuntime"/> is false.</summary>
    public static CSharpCompilation Compilation(bool withRuntime, params string[] sources)
    {
        var references = withRuntime
            ? References.Value
            : References.Value.Where(r => !r.Display!.EndsWith("Recurrent.Aot.dll", StringComparison.Ordinal)).ToImmutableArray();
        return CSharpCompilation.Create(
            "GeneratedModels" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <param name="additionalFiles">The AdditionalFiles items, as full paths.</param>
    /// <param name="trackSteps">Whether the driver records each pipeline step.</param>
    /// <param name="projectFolder">The build's <c>ProjectDir</c>; null for a build that gives none.</param>
    public static GeneratorDriver Driver(IEnumerable<string> additionalFiles, bool trackSteps = false, string? projectFolder = null)
        => CSharpGeneratorDriver.Create(
            new[] { new CellGenerator().AsSourceGenerator() },
            additionalFiles.Select(p => (AdditionalText)new FileAdditionalText(p)),
            ParseOptions,
            projectFolder is null ? null : new GlobalOptionsProvider(new Dictionary<string, string> { ["build_property.ProjectDir"] = projectFolder }),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator once; returns the run result and the compilation with generated sources added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(string source, params string[] additionalFiles)
        => Run(Compilation(true, source), additionalFiles);

    public static (GeneratorDriverRunResult Result, Compilation Output) Run(Compilation compilation, params string[] additionalFiles)
    {
        var driver = Driver(additionalFiles).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        EmittedSourceDump.Write(output);
        return (driver.GetRunResult(), output);
    }

    /// <summary>
    /// Compiles a fixture's models: the generator's diagnostics as text, and the assembly loaded only when there are
    /// none (a fixture then fails its tests with the diagnostics instead of failing to construct).
    /// </summary>
    public static (List<string> Diagnostics, Assembly? Assembly) Compile(string source, params string[] additionalFiles)
    {
        var (result, output) = Run(source, additionalFiles);
        var diagnostics = result.Diagnostics.Select(d => d.ToString()).ToList();
        return (diagnostics, diagnostics.Count == 0 ? Load(output) : null);
    }

    /// <summary>Runs the generator once on <paramref name="source"/> parsed as <paramref name="version"/> (the generated trees too).</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(LanguageVersion version, string source)
    {
        var options = new CSharpParseOptions(version);
        var compilation = Compilation(true).AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, options, path: "Source0.cs"));
        var driver = CSharpGeneratorDriver.Create(new[] { new CellGenerator().AsSourceGenerator() }, parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        EmittedSourceDump.Write(output);
        return (driver.GetRunResult(), output);
    }

    /// <summary>The generated model files (not the attributes and activations added to every compilation).</summary>
    public static IEnumerable<GeneratedSourceResult> ModelSources(GeneratorDriverRunResult result)
        => result.Results.SelectMany(r => r.GeneratedSources).Where(s => !s.HintName.StartsWith("Recurrent.Aot.Generation.", StringComparison.Ordinal) && !s.HintName.StartsWith("Microsoft.CodeAnalysis.", StringComparison.Ordinal));

    /// <summary>The source generated for one model declared by <paramref name="attribute"/> (asserts no diagnostics).</summary>
    public static string ModelSource(string attribute)
    {
        var (result, _) = Run($"using Recurrent.Aot.Generation;\nnamespace Demo;\n\n{attribute}\npublic sealed partial class Model;\n");
        Assert.Empty(result.Diagnostics);
        return Assert.Single(ModelSources(result)).SourceText.ToString();
    }

    /// <summary>Emits the compilation and loads it in a collectible context; fails with the compiler's errors.</summary>
    public static Assembly Load(Compilation compilation)
    {
        EmittedSourceDump.Write(compilation);
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, "Generated code did not compile cleanly:\n" + string.Join("\n", errors.Take(20)));
        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }

    /// <summary>Absolute path of a fixture copied next to the test assembly.</summary>
    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "fixtures", relative);

    /// <summary>Build properties as the compiler hands them to analyzers (<c>build_property.*</c> global options).</summary>
    private sealed class GlobalOptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }

    private sealed class FileAdditionalText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default)
            => File.Exists(Path) ? SourceText.From(File.ReadAllText(Path, Encoding.Latin1), Encoding.UTF8) : null;
    }
}
