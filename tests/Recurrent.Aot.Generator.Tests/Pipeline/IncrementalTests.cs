extern alias GeneratorAssembly;

using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using GeneratorAssembly::Recurrent.Aot.Generator;
using GeneratorAssembly::Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Tests.Pipeline;

/// <summary>
/// The pipeline caches: an unrelated edit re-runs nothing, a weights file edit rebuilds only the model that
/// embeds it, and no step output holds compiler objects.
/// </summary>
public sealed class IncrementalTests : IDisposable
{
    private const string Models = """
        using Recurrent.Aot.Generation;
        namespace Demo;
        [Lstm(InputSize = 4, HiddenSize = 16)]
        public sealed partial class A;
        [RecurrentModel("pytorch/gru_1layer.safetensors")]
        public static partial class B;
        """;

    /// <summary>A shape-only model and two models that embed different files.</summary>
    private const string ThreeModels = """
        using Recurrent.Aot.Generation;
        namespace Demo;
        [Gru(InputSize = 4, HiddenSize = 16)]
        public sealed partial class ShapeOnly;
        [RecurrentModel("a.safetensors")]
        public static partial class FromA;
        [RecurrentModel("b.safetensors")]
        public static partial class FromB;
        """;

    private static readonly string[] TrackedSteps =
    {
        TrackingNames.LstmDeclarations, TrackingNames.FileDeclarations, TrackingNames.WeightsFiles, TrackingNames.ProjectFolder,
        TrackingNames.DeclarationsWithFiles, TrackingNames.CompilationFacts, TrackingNames.LanguageSupport, TrackingNames.Models, TrackingNames.Sources,
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raot-incremental-" + Guid.NewGuid().ToString("N"));

    public IncrementalTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation(true, Models, "namespace Demo; public static class Other { public static int Value => 1; }");
        var driver = GeneratorHarness.Driver(new[] { GeneratorHarness.Fixture("pytorch/gru_1layer.safetensors") }, trackSteps: true);
        driver = driver.RunGenerators(compilation);
        var first = driver.GetRunResult();
        Assert.Equal(2, GeneratorHarness.ModelSources(first).Count());

        // Edit the unrelated file: a new member in another type.
        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = CSharpSyntaxTree.ParseText("namespace Demo; public static class Other { public static int Value => 2; public static int More => 3; }", (CSharpParseOptions)oldTree.Options, oldTree.FilePath);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        var second = driver.GetRunResult().Results.Single();

        foreach (string step in new[] { TrackingNames.Models, TrackingNames.Sources })
        {
            var outputs = second.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} re-ran: {o.Reason}"));
        }
        var emitted = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.All(emitted, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Changing_a_declaration_re_emits_only_that_model()
    {
        var compilation = GeneratorHarness.Compilation(true, Models);
        var driver = GeneratorHarness.Driver(new[] { GeneratorHarness.Fixture("pytorch/gru_1layer.safetensors") }, trackSteps: true).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = CSharpSyntaxTree.ParseText(Models.Replace("HiddenSize = 16", "HiddenSize = 32", StringComparison.Ordinal), (CSharpParseOptions)tree.Options, tree.FilePath);
        var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();
        var reasons = result.TrackedSteps[TrackingNames.Sources].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Contains(reasons, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void No_step_output_holds_symbols_syntax_or_compilations()
    {
        var compilation = GeneratorHarness.Compilation(true, Models);
        var driver = GeneratorHarness.Driver(new[] { GeneratorHarness.Fixture("pytorch/gru_1layer.safetensors") }, trackSteps: true).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        foreach (string step in TrackedSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertPlainData(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
            }
        }
    }

    [Fact]
    public void Changing_one_weights_file_rebuilds_only_the_model_that_embeds_it()
    {
        var a = WeightsText("a.safetensors", 0.1f);
        var b = WeightsText("b.safetensors", 0.2f);
        var compilation = GeneratorHarness.Compilation(true, ThreeModels);
        var driver = NewDriver(a, b).RunGenerators(compilation);
        Assert.Equal(3, GeneratorHarness.ModelSources(driver.GetRunResult()).Count());

        // Same path, new bytes: what the build hands the generator after the file is re-exported.
        var changedB = WeightsText("b.safetensors", 0.3f);
        var result = driver.ReplaceAdditionalText(b, changedB).RunGenerators(compilation).GetRunResult().Results.Single();

        // Cached (not Unchanged) means Build itself was skipped, not just that it produced an equal model.
        var expected = new Dictionary<string, IncrementalStepRunReason>
        {
            ["Demo.ShapeOnly"] = IncrementalStepRunReason.Cached,
            ["Demo.FromA"] = IncrementalStepRunReason.Cached,
            ["Demo.FromB"] = IncrementalStepRunReason.Modified,
        };
        Assert.Equal(expected, ModelReasons(result));
        Assert.Equal(expected, SourceReasons(result));
        var emitted = result.GeneratedSources.Single(s => s.HintName == "Demo.FromB.g.cs").SourceText.ToString();
        Assert.Contains(Sha256Hex(changedB.Path), emitted, StringComparison.Ordinal);
    }

    [Fact]
    public void Listing_an_unrelated_weights_file_leaves_every_model_cached()
    {
        var compilation = GeneratorHarness.Compilation(true, ThreeModels);
        var driver = NewDriver(WeightsText("a.safetensors", 0.1f), WeightsText("b.safetensors", 0.2f)).RunGenerators(compilation);

        var result = driver.AddAdditionalTexts([WeightsText("c.safetensors", 0.4f)]).RunGenerators(compilation).GetRunResult().Results.Single();

        var models = ModelReasons(result);
        Assert.Equal(3, models.Count);
        Assert.All(models, m => Assert.True(m.Value == IncrementalStepRunReason.Cached, $"{m.Key} was rebuilt: {m.Value}"));
        var sources = SourceReasons(result);
        Assert.Equal(3, sources.Count);
        Assert.All(sources, s => Assert.True(s.Value == IncrementalStepRunReason.Cached, $"{s.Key} was re-emitted: {s.Value}"));
    }

    [Fact]
    public void Listing_the_missing_file_builds_only_the_model_that_names_it()
    {
        var compilation = GeneratorHarness.Compilation(true, ThreeModels);
        var driver = NewDriver(WeightsText("a.safetensors", 0.1f)).RunGenerators(compilation);
        var first = driver.GetRunResult();
        Assert.Equal("RAOT005", Assert.Single(first.Diagnostics).Id);

        var result = driver.AddAdditionalTexts([WeightsText("b.safetensors", 0.2f)]).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            new Dictionary<string, IncrementalStepRunReason>
            {
                ["Demo.ShapeOnly"] = IncrementalStepRunReason.Cached,
                ["Demo.FromA"] = IncrementalStepRunReason.Cached,
                ["Demo.FromB"] = IncrementalStepRunReason.Modified,
            },
            ModelReasons(result));
        Assert.Equal(IncrementalStepRunReason.New, Assert.Single(SourceReasons(result), s => s.Key == "Demo.FromB").Value);
    }

    /// <summary>The Build step's reason per model; every declaration in these tests builds a model, so each has a name.</summary>
    private static Dictionary<string, IncrementalStepRunReason> ModelReasons(GeneratorRunResult result)
        => result.TrackedSteps[TrackingNames.Models]
            .SelectMany(s => s.Outputs)
            .ToDictionary(o => ((ModelResult)o.Value).Model?.Type.FullName ?? "(no model)", o => o.Reason);

    /// <summary>The emit step's reason per model, keyed like <see cref="ModelReasons"/>.</summary>
    private static Dictionary<string, IncrementalStepRunReason> SourceReasons(GeneratorRunResult result)
        => result.TrackedSteps[TrackingNames.Sources]
            .SelectMany(s => s.Outputs)
            .ToDictionary(o => (((string Hint, string Text))o.Value).Hint.Replace(".g.cs", "", StringComparison.Ordinal), o => o.Reason);

    private static GeneratorDriver NewDriver(params AdditionalText[] weights)
        => GeneratorHarness.Driver(Array.Empty<string>(), trackSteps: true).AddAdditionalTexts([.. weights]);

    /// <summary>Writes a one-layer RNN (input 2, hidden 3) whose input weights are all <paramref name="weight"/>, and lists it.</summary>
    private WeightsFileText WeightsText(string name, float weight)
    {
        var writer = new SafeTensorsWriter();
        writer.Add("rnn.weight_ih_l0", Enumerable.Repeat(weight, 6).ToArray(), 3, 2);
        writer.Add("rnn.weight_hh_l0", new float[9], 3, 3);
        writer.Add("rnn.bias_ih_l0", new float[3], 3);
        writer.Add("rnn.bias_hh_l0", new float[3], 3);
        string path = Path.Combine(_folder, name);
        writer.Save(path);
        return new WeightsFileText(path);
    }

    private static string Sha256Hex(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>
    /// A listed weights file. A new instance stands for a new version of the file, as the build creates one
    /// per change; the generator reads the bytes from <see cref="Path"/>, never the text.
    /// </summary>
    private sealed class WeightsFileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) => null;
    }

    /// <summary>Walks the object graph: a compiler object kept in a step would keep whole compilations alive.</summary>
    private static void AssertPlainData(object? value, string path, HashSet<object> seen, int depth)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 12 || !seen.Add(value))
        {
            return;
        }
        Assert.False(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel, $"{path} holds a {value.GetType().Name}");
        if (value is byte[] or float[])
        {
            return;
        }
        if (value is IEnumerable items && value.GetType().Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) != true)
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertPlainData(item, $"{path}[{i++}]", seen, depth + 1);
                if (i > 64)
                {
                    break;
                }
            }
        }
        if (value.GetType().Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true)
        {
            return; // DiagnosticDescriptor, TextSpan...: immutable values, checked above for the dangerous types.
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertPlainData(field.GetValue(value), path + "." + field.Name, seen, depth + 1);
        }
    }
}
