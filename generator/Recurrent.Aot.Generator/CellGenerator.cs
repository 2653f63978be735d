using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Recurrent.Aot.Generator.Diagnostics;
using Recurrent.Aot.Generator.Emit;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Parsing;

namespace Recurrent.Aot.Generator;

/// <summary>
/// Generates specialised recurrent models: [Lstm]/[Gru]/[Rnn] declare a shape whose weights are bound at
/// run time; [RecurrentModel("x.safetensors")] embeds a PyTorch export. The pipeline, step by step:
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CellGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. The attributes, added to every compilation; the shared activation functions and weight packing, added
        //    wherever the generated code compiles (C# 12, .NET 9: LanguageSupport). Elsewhere the generator emits
        //    nothing more and reports one RAOT012 (step 8) instead of a wall of compile errors.
        context.RegisterPostInitializationOutput(static output =>
        {
            output.AddEmbeddedAttributeDefinition();
            output.AddSource(AttributesSource.HintName, SourceText.From(AttributesSource.Source.Replace("\r\n", "\n"), System.Text.Encoding.UTF8));
        });
        var support = context.CompilationProvider
            .Select(static (compilation, _) => LanguageSupport.Check(compilation))
            .WithTrackingName(TrackingNames.LanguageSupport);
        context.RegisterSourceOutput(support, static (output, support) =>
        {
            if (support.IsSupported)
            {
                output.AddSource(ActivationsSource.HintName, SourceText.From(ActivationsSource.Build(), System.Text.Encoding.UTF8));
                output.AddSource(PackingSource.HintName, SourceText.From(PackingSource.Build(), System.Text.Encoding.UTF8));
            }
        });

        // 2. Every attributed type, reduced to plain data (no symbols or syntax past this step).
        var lstm = Declarations(context, AttributesSource.LstmAttribute, TrackingNames.LstmDeclarations);
        var gru = Declarations(context, AttributesSource.GruAttribute, TrackingNames.GruDeclarations);
        var rnn = Declarations(context, AttributesSource.RnnAttribute, TrackingNames.RnnDeclarations);
        var files = Declarations(context, AttributesSource.RecurrentModelAttribute, TrackingNames.FileDeclarations);
        var allDeclarations = lstm.Collect()
            .Combine(gru.Collect()).Select(static (p, _) => p.Left.AddRange(p.Right))
            .Combine(rnn.Collect()).Select(static (p, _) => p.Left.AddRange(p.Right))
            .Combine(files.Collect()).Select(static (p, _) => p.Left.AddRange(p.Right));
        var declarations = allDeclarations.SelectMany(static (all, _) => all);

        // 3. The listed .safetensors files, read once each time they change.
        var weightsFiles = context.AdditionalTextsProvider
            .Where(WeightsFileReader.IsWeightsFile)
            .Select(static (text, _) => WeightsFileReader.Read(text))
            .WithTrackingName(TrackingNames.WeightsFiles)
            .Collect();

        // 4. The one fact about the compilation the output depends on: is the runtime referenced? (The loader
        //    calls RecurrentModules and the shape-checked SafeTensorsFile.ReadFloat32, which came with the same
        //    runtime version, so the presence of that type decides; an older runtime gets no loader.)
        var facts = context.CompilationProvider
            .Select(static (compilation, _) => new CompilationFacts(compilation.GetTypeByMetadataName("Recurrent.Aot.RecurrentModules") is not null))
            .WithTrackingName(TrackingNames.CompilationFacts);

        // 5. Each declaration with the one file it names (none for shape-only models), relative paths resolved
        //    against the project's folder (build_property.ProjectDir, which the .NET SDK makes visible). This step
        //    reruns for every declaration on any file change, but it only matches paths, and its output compares
        //    equal unless the declaration's own file changed: Roslyn then skips step 6 (parse, check, pack) and all
        //    after it.
        var projectFolder = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => WeightsFileMatcher.ProjectFolder(options.GlobalOptions))
            .WithTrackingName(TrackingNames.ProjectFolder);
        var declarationsWithFiles = declarations
            .Combine(weightsFiles)
            .Combine(projectFolder)
            .Select(static (input, _) => DeclarationWithFile.Pair(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.DeclarationsWithFiles);

        // 6. Declaration + its file + facts → an equatable model (weights parsed, checked and packed) plus diagnostics.
        var models = declarationsWithFiles
            .Combine(facts)
            .Select(static (input, token) => ModelBuilder.Build(input.Left, input.Right, token))
            .WithTrackingName(TrackingNames.Models);

        // 7. Diagnostics are reported from the full result; sources only from the model, so moving code
        //    around (which changes locations only) does not re-emit anything.
        //    Neither where the generated code cannot compile (step 8 says why).
        context.RegisterSourceOutput(models.Select(static (result, _) => result.Diagnostics).Combine(support), static (output, input) =>
        {
            foreach (var diagnostic in input.Right.IsSupported ? input.Left : default)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
        var sources = models
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => (Hint: ModelEmitter.HintName(model!), Text: ModelEmitter.Emit(model!)))
            .WithTrackingName(TrackingNames.Sources);
        context.RegisterSourceOutput(sources.Combine(support), static (output, input) =>
        {
            if (input.Right.IsSupported)
            {
                output.AddSource(input.Left.Hint, SourceText.From(input.Left.Text, System.Text.Encoding.UTF8));
            }
        });

        // 8. A language version or target framework the generated code needs but this project lacks: one RAOT012,
        //    where the first model is declared (nothing when no model is).
        context.RegisterSourceOutput(support.Combine(allDeclarations), static (output, input) =>
        {
            if (LanguageSupport.Diagnostic(input.Left, input.Right) is { } diagnostic)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });
    }

    private static IncrementalValuesProvider<DeclarationRequest> Declarations(IncrementalGeneratorInitializationContext context, string attribute, string trackingName)
        => context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => node is TypeDeclarationSyntax, DeclarationParser.Parse)
            .WithTrackingName(trackingName);
}
