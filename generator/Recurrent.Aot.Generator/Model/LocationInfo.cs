using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Recurrent.Aot.Generator.Model;

/// <summary>A source location as plain data, so diagnostics can be cached without keeping a syntax tree alive.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location?.SourceTree is null)
        {
            return null;
        }
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
