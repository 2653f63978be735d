namespace Recurrent.Aot.Generator.Model;

/// <summary>The user's partial type, reduced to the strings the emitter needs.</summary>
/// <param name="Namespace">Containing namespace, or null for the global namespace.</param>
/// <param name="Name">Type name without namespace.</param>
/// <param name="Keyword">The declaration keyword(s) to repeat: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c>.</param>
/// <param name="IsStatic">Whether the user declared the type static.</param>
internal sealed record TargetType(string? Namespace, string Name, string Keyword, bool IsStatic)
{
    public string FullName => Namespace is null ? Name : Namespace + "." + Name;
}
