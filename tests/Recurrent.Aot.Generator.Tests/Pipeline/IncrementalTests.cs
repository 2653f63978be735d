using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Pipeline;

/// <summary>The pipeline caches: an unrelated edit re-runs nothing, and no step output holds compiler objects.</summary>
public sealed class IncrementalTests
{
    private const string Models = """
        using Recurrent.Aot.Generation;
        namespace Demo;
        [Lstm(InputSize = 4, HiddenSize = 16)]
        public sealed partial class A;
        [RecurrentModel("pytorch/gru_1layer.safetensors")]
        public static partial class B;
        """;

    private static readonly string[] TrackedSteps =
    {
        TrackingNames.LstmDeclarations, TrackingNames.FileDeclarations, TrackingNames.WeightsFiles,
        TrackingNames.CompilationFacts, TrackingNames.Models, TrackingNames.Sources,
    };

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
