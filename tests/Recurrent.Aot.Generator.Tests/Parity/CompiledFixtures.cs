using System.Globalization;
using System.Reflection;
using System.Text;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Parity;

/// <summary>
/// Every parity model, generated and compiled once for the whole test class: one embedded model per
/// supported fixture (E_*), one shape-only model per <see cref="ParityCases.ShapeOnly"/> entry (S_*).
/// </summary>
public sealed class CompiledFixtures
{
    public CompiledFixtures()
    {
        var source = new StringBuilder("using System;\nusing Recurrent.Aot.Generation;\nnamespace Fixtures;\n\n");
        var files = new List<string>();
        foreach (string name in ParityCases.Embedded)
        {
            string id = ParityCases.Id(name);
            var fixture = FixtureCase.Load(name + ".safetensors");
            files.Add(GeneratorHarness.Fixture(name + ".safetensors"));
            source.Append(CultureInfo.InvariantCulture, $"[RecurrentModel(\"fixtures/{name}.safetensors\")]\npublic static partial class E_{id};\n\n");
            source.Append(DriverSource.For("DE_" + id, "E_" + id, "E_" + id, fixture.Bidirectional, load: null, ParityCases.Generates(fixture)));
        }
        foreach (var (name, attribute) in ParityCases.ShapeOnly)
        {
            string id = ParityCases.Id(name);
            var fixture = FixtureCase.Load(name + ".safetensors");
            string path = GeneratorHarness.Fixture(name + ".safetensors");
            source.Append(CultureInfo.InvariantCulture, $"{attribute}\npublic sealed partial class S_{id};\n\n");
            source.Append(DriverSource.For("DS_" + id, "S_" + id, "Model", fixture.Bidirectional, load: $"S_{id}.Load(@\"{path}\")", ParityCases.Generates(fixture)));
        }
        Source = source.ToString();
        (Diagnostics, Assembly) = GeneratorHarness.Compile(Source, files.ToArray());
    }

    public List<string> Diagnostics { get; }

    public string Source { get; }

    public Assembly? Assembly { get; }

    public object Invoke(string driver, string method, params object[] args)
    {
        Assert.True(Assembly is not null, "Generation reported: " + string.Join("\n", Diagnostics));
        var type = Assembly.GetType("Fixtures." + driver) ?? throw new InvalidOperationException("No driver " + driver);
        var info = type.GetMethod(method) ?? throw new InvalidOperationException(driver + " has no " + method);
        return info.Invoke(null, args)!;
    }
}
