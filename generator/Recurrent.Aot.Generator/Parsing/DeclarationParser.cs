using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Recurrent.Aot.Generator.Diagnostics;
using Recurrent.Aot.Generator.Emit;
using Recurrent.Aot.Generator.Helpers;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>Turns an attributed type (symbol + syntax) into a <see cref="DeclarationRequest"/> of plain data.</summary>
internal static class DeclarationParser
{
    public const int MaxSize = 4096;
    public const int MaxLayers = 16;

    public static DeclarationRequest Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? syntax.Identifier.GetLocation());
        var diagnostics = new List<DiagnosticInfo>();

        string keyword = syntax is RecordDeclarationSyntax record
            ? (record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record")
            : syntax.Keyword.Text;
        string? ns = symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString();
        var type = new TargetType(ns, symbol.Name, keyword, symbol.IsStatic);

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(syntax.Identifier.GetLocation()), symbol.Name));
        }
        if (symbol.ContainingType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedTypeShape, LocationInfo.From(syntax.Identifier.GetLocation()), symbol.Name, "nested in '" + symbol.ContainingType.Name + "'"));
        }
        else if (symbol.TypeParameters.Length > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedTypeShape, LocationInfo.From(syntax.Identifier.GetLocation()), symbol.Name, "generic"));
        }

        var args = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value);
        string attributeName = attribute.AttributeClass?.ToDisplayString() ?? "";
        if (attributeName == AttributesSource.RecurrentModelAttribute)
        {
            string path = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
            var file = new FileRequest(
                path,
                Get<string>(args, "Module"),
                Get<string>(args, "Head"),
                Cell(args),
                Activation(args, "Nonlinearity"),
                GruReset(args),
                Activation(args, "GateActivation"),
                Activation(args, "CandidateActivation"),
                Activation(args, "CellActivation"),
                HeadActivation(args),
                Get<int>(args, "InputSize"),
                Get<int>(args, "HiddenSize"),
                Get<int>(args, "Layers"),
                Get<bool>(args, "FastActivations"),
                WeightsFileMatcher.FolderOf(syntax.SyntaxTree.FilePath));
            return new DeclarationRequest(type, location, null, file, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
        }

        CellKind kind = attributeName == AttributesSource.LstmAttribute ? CellKind.Lstm
            : attributeName == AttributesSource.GruAttribute ? CellKind.Gru
            : CellKind.Rnn;
        if (symbol.IsStatic || symbol.TypeKind != TypeKind.Class)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, location, "A static or struct shape-only model", "its weights are bound at run time, so declare a non-static class (or use [RecurrentModel] to embed a file)"));
        }
        var spec = new ModelSpec(
            kind,
            Get<int>(args, "InputSize"),
            Get<int>(args, "HiddenSize"),
            args.ContainsKey("Layers") ? Get<int>(args, "Layers") : 1,
            Get<bool>(args, "Bidirectional"),
            Get<int>(args, "ProjSize"),
            !args.ContainsKey("HasBias") || Get<bool>(args, "HasBias"),
            Activation(args, "GateActivation") ?? ActivationKind.Sigmoid,
            Activation(args, kind == CellKind.Rnn ? "Nonlinearity" : "CandidateActivation") ?? ActivationKind.Tanh,
            Activation(args, "CellActivation") ?? ActivationKind.Tanh,
            GruReset(args) ?? GruResetMode.AfterMatmul,
            Get<int>(args, "HeadSize"),
            !args.ContainsKey("HeadHasBias") || Get<bool>(args, "HeadHasBias"),
            HeadActivation(args) ?? HeadActivationKind.None,
            Get<bool>(args, "FastActivations"));
        diagnostics.AddRange(SpecValidator.Validate(spec, location));
        if (kind == CellKind.Rnn && args.ContainsKey("GateActivation"))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, location, "GateActivation on an RNN", "an Elman RNN has no gates; set Nonlinearity"));
        }
        if (HeadActivation(args) is { } head && head != HeadActivationKind.None && spec.HeadSize == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, location, "HeadActivation without HeadSize", "set HeadSize to the number of outputs of the dense head"));
        }
        return new DeclarationRequest(type, location, spec, null, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    private static T? Get<T>(Dictionary<string, object?> args, string name)
        => args.TryGetValue(name, out object? value) && value is T typed ? typed : default;

    /// <summary>The number the compiler gives for an attribute enum, read as the generator's copy of that enum.</summary>
    private static TEnum Enum<TEnum>(Dictionary<string, object?> args, string name)
        where TEnum : struct, System.Enum
        => (TEnum)System.Enum.ToObject(typeof(TEnum), Get<int>(args, name));

    private static CellKind? Cell(Dictionary<string, object?> args) => Enum<RecurrentCellKind>(args, "Cell") switch
    {
        RecurrentCellKind.Lstm => CellKind.Lstm,
        RecurrentCellKind.Gru => CellKind.Gru,
        RecurrentCellKind.Rnn => CellKind.Rnn,
        _ => null,
    };

    private static GruResetMode? GruReset(Dictionary<string, object?> args) => Enum<GruResetConvention>(args, "Reset") switch
    {
        GruResetConvention.AfterMatmul => GruResetMode.AfterMatmul,
        GruResetConvention.BeforeMatmul => GruResetMode.BeforeMatmul,
        _ => null,
    };

    private static ActivationKind? Activation(Dictionary<string, object?> args, string name) => Enum<RecurrentActivation>(args, name) switch
    {
        RecurrentActivation.Sigmoid => ActivationKind.Sigmoid,
        RecurrentActivation.HardSigmoid => ActivationKind.HardSigmoid,
        RecurrentActivation.Tanh => ActivationKind.Tanh,
        RecurrentActivation.Relu => ActivationKind.Relu,
        _ => null,
    };

    private static HeadActivationKind? HeadActivation(Dictionary<string, object?> args) => Enum<HeadOutputActivation>(args, "HeadActivation") switch
    {
        HeadOutputActivation.None => HeadActivationKind.None,
        HeadOutputActivation.Sigmoid => HeadActivationKind.Sigmoid,
        HeadOutputActivation.Softmax => HeadActivationKind.Softmax,
        _ => null,
    };

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
