using System;
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
        var names = attribute.NamedArguments.Where(a => a.Value.Kind == TypedConstantKind.Enum).ToDictionary(a => a.Key, a => MemberName(a.Value));
        string attributeName = attribute.AttributeClass?.ToDisplayString() ?? "";
        if (attributeName == AttributesSource.RecurrentModelAttribute)
        {
            string path = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
            var file = new FileRequest(
                path,
                Get<string>(args, "Module"),
                Get<string>(args, "Head"),
                Member<CellKind>(names, "Cell"),
                Member<Activation>(names, "Nonlinearity"),
                Member<GruResetMode>(names, "Reset"),
                Member<Activation>(names, "GateActivation"),
                Member<Activation>(names, "CandidateActivation"),
                Member<Activation>(names, "CellActivation"),
                Member<HeadActivation>(names, "HeadActivation"),
                Get<int>(args, "InputSize"),
                Get<int>(args, "HiddenSize"),
                Get<int>(args, "Layers"),
                Get<bool>(args, "FastActivations"),
                WeightsFileMatcher.FolderOf(syntax.SyntaxTree.FilePath),
                Precision(names, args, location, diagnostics));
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
            Member<Activation>(names, "GateActivation") ?? Activation.Sigmoid,
            Member<Activation>(names, kind == CellKind.Rnn ? "Nonlinearity" : "CandidateActivation") ?? Activation.Tanh,
            Member<Activation>(names, "CellActivation") ?? Activation.Tanh,
            Member<GruResetMode>(names, "Reset") ?? GruResetMode.AfterMatmul,
            Get<int>(args, "HeadSize"),
            !args.ContainsKey("HeadHasBias") || Get<bool>(args, "HeadHasBias"),
            Member<HeadActivation>(names, "HeadActivation") ?? HeadActivation.None,
            Get<bool>(args, "FastActivations"),
            Precision(names, args, location, diagnostics));
        diagnostics.AddRange(SpecValidator.Validate(spec, location));
        if (kind == CellKind.Rnn && args.ContainsKey("GateActivation"))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, location, "GateActivation on an RNN", "an Elman RNN has no gates; set Nonlinearity"));
        }
        if (Member<HeadActivation>(names, "HeadActivation") is { } head && head != HeadActivation.None && spec.HeadSize == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, location, "HeadActivation without HeadSize", "set HeadSize to the number of outputs of the dense head"));
        }
        return new DeclarationRequest(type, location, spec, null, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    private static T? Get<T>(Dictionary<string, object?> args, string name)
        => args.TryGetValue(name, out object? value) && value is T typed ? typed : default;

    /// <summary>
    /// The name of the attribute enum's member the user chose (the compiler hands over only its number, so the name
    /// comes from the enum type the attribute declares); null for an unknown number.
    /// </summary>
    private static string? MemberName(TypedConstant value)
        => value.Type?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value.Value))?.Name;

    /// <summary>
    /// The runtime enum's member that the attribute enum's member names: the attribute enums (<c>Recurrent</c> + the
    /// runtime's name) spell their members as the runtime does, so the name is the whole mapping. Null when the argument
    /// is absent or names no runtime member (<c>Default</c>).
    /// </summary>
    private static T? Member<T>(Dictionary<string, string?> names, string argument)
        where T : struct, Enum
        => Name(names, argument) is { } name && Enum.IsDefined(typeof(T), name) ? (T)Enum.Parse(typeof(T), name) : null;

    /// <summary>The declared weight precision; a number that names no member is reported, not guessed.</summary>
    private static WeightPrecision Precision(Dictionary<string, string?> names, Dictionary<string, object?> args, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (Member<WeightPrecision>(names, "WeightPrecision") is { } precision)
        {
            return precision;
        }
        if (Name(names, "WeightPrecision") is null && args.TryGetValue("WeightPrecision", out object? number))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCombination, location, "WeightPrecision = " + System.Convert.ToString(number, CultureInfo.InvariantCulture), "choose Float32, BFloat16 or Int8"));
        }
        return WeightPrecision.Float32;
    }

    /// <summary>The member name given for an enum argument, or null when the argument is absent (its Default).</summary>
    private static string? Name(Dictionary<string, string?> names, string argument)
        => names.TryGetValue(argument, out string? name) ? name : null;

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
