using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Diagnostics;

/// <summary>
/// Whether this compilation can compile the generated code: C# 12 (inline arrays) and .NET 9's
/// vector API (Vector512, MultiplyAddEstimate, InlineArrayAttribute). When it cannot, the generator emits no helper and
/// no model and reports one RAOT012 that says what to change, instead of leaving the user a wall of compile errors.
/// </summary>
/// <param name="Problems">What is missing, one clause each (empty when the generated code compiles here).</param>
internal sealed record LanguageSupport(Helpers.EquatableArray<string> Problems)
{
    /// <summary>The oldest language version the generated code compiles with (checked by the generator's tests).</summary>
    public const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp12;

    /// <summary>Types and members the generated code calls that only .NET 9 and later have.</summary>
    private static readonly (string Type, string? Member)[] RequiredApis =
    {
        ("System.Runtime.Intrinsics.Vector512`1", null),
        ("System.Runtime.Intrinsics.Vector512", "MultiplyAddEstimate"),
        ("System.Runtime.CompilerServices.InlineArrayAttribute", null),
    };

    public bool IsSupported => Problems.Length == 0;

    /// <summary>Narrows the compilation to the facts above, so an edit that changes neither compares equal.</summary>
    public static LanguageSupport Check(Compilation compilation)
    {
        var problems = new List<string>();
        if (compilation is CSharpCompilation csharp && csharp.LanguageVersion < MinimumLanguageVersion)
        {
            problems.Add($"this project compiles C# {csharp.LanguageVersion.ToDisplayString()}: set <LangVersion>12</LangVersion> or later, or remove <LangVersion> to get the target framework's default");
        }
        var missing = RequiredApis
            .Where(api => compilation.GetTypeByMetadataName(api.Type) is not { } type || (api.Member is not null && type.GetMembers(api.Member).IsEmpty))
            .Select(api => api.Member is null ? api.Type.Replace("`1", "<T>") : api.Type + "." + api.Member)
            .ToList();
        if (missing.Count > 0)
        {
            problems.Add($"the target framework lacks {string.Join(", ", missing)}: target net9.0 or later (<TargetFramework>net9.0</TargetFramework>)");
        }
        return new LanguageSupport(new Helpers.EquatableArray<string>(problems.ToArray()));
    }

    /// <summary>RAOT012 once per compilation, at the first model declaration, when the generated code cannot compile; nothing without declarations.</summary>
    public static DiagnosticInfo? Diagnostic(LanguageSupport support, ImmutableArray<DeclarationRequest> declarations)
        => support.IsSupported || declarations.IsEmpty
            ? null
            : DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedLanguage, declarations[0].Location, string.Join("; ", support.Problems));
}
