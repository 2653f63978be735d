using Microsoft.CodeAnalysis;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Parsing;

/// <summary>
/// The parser names the numbers the compiler gives for the attributes' enums with its own copies of those enums
/// (Parsing/AttributeEnums.cs): each copy must have exactly the emitted enum's members and values.
/// </summary>
public sealed class AttributeEnumTests
{
    [Theory]
    [InlineData(typeof(Generator.Parsing.RecurrentCellKind))]
    [InlineData(typeof(Generator.Parsing.RecurrentActivation))]
    [InlineData(typeof(Generator.Parsing.GruResetConvention))]
    [InlineData(typeof(Generator.Parsing.HeadOutputActivation))]
    public void The_generator_copy_matches_the_emitted_enum(Type copy)
    {
        var (_, output) = GeneratorHarness.Run("namespace Demo;\n");
        var emitted = output.GetTypeByMetadataName("Recurrent.Aot.Generation." + copy.Name);
        Assert.NotNull(emitted);
        var expected = emitted.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue)
            .Select(f => (f.Name, Value: Convert.ToInt32(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture)));
        var actual = Enum.GetValues(copy).Cast<object>().Select(v => (Enum.GetName(copy, v)!, Value: (int)v));
        Assert.Equal(expected.OrderBy(m => m.Value), actual.OrderBy(m => m.Value));
    }
}
