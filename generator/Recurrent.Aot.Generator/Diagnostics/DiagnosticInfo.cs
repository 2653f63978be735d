using Microsoft.CodeAnalysis;
using Recurrent.Aot.Generator.Helpers;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Diagnostics;

/// <summary>
/// A diagnostic as plain, equatable data (descriptor id, location, message arguments), turned into a
/// <see cref="Diagnostic"/> only when it is reported, so pipeline steps that carry it stay cacheable.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic()
    {
        var args = new object[Arguments.Length];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }
        return Diagnostic.Create(Descriptor, Location?.ToLocation(), args);
    }
}
