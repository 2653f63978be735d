using System.Text.Json;
using Recurrent.Aot.Interop.Keras;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop.Tests.Keras;

/// <summary>
/// One case of tests/fixtures/keras/cases.json (written by tests/fixtures/make_keras_fixtures.py): a Keras file in
/// one of Keras's layouts, its (batch, time, features) input and the output Keras's equations give for it.
/// </summary>
public sealed record KerasFixture(string Name, string Layout, string KerasVersion, string Output, string Model, string? Config)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "keras");

    public static IReadOnlyList<KerasFixture> All { get; } = LoadAll();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (KerasFixture fixture in All)
        {
            data.Add(fixture.Name);
        }
        return data;
    }

    public static KerasFixture Get(string name) => All.Single(f => f.Name == name);

    public string ModelPath => Path.Combine(Directory, Model);

    public string? ConfigPath => Config is null ? null : Path.Combine(Directory, Config);

    public NpyArray Input => Npy.Read(Path.Combine(Directory, $"{Name}.input.npy"));

    public NpyArray ExpectedOutput => Npy.Read(Path.Combine(Directory, $"{Name}.output.npy"));

    public KerasImportResult Import() => KerasImporter.Import(ModelPath, ConfigPath);

    private static List<KerasFixture> LoadAll()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "cases.json")));
        return doc.RootElement.EnumerateArray().Select(e => new KerasFixture(
            e.GetProperty("name").GetString()!,
            e.GetProperty("layout").GetString()!,
            e.GetProperty("keras_version").GetString()!,
            e.GetProperty("output").GetString()!,
            e.GetProperty("model").GetString()!,
            e.TryGetProperty("config", out JsonElement config) ? config.GetString() : null)).ToList();
    }
}
