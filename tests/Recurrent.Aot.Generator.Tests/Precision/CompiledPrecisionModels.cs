using System.Globalization;
using System.Reflection;
using System.Text;
using Recurrent.Aot.Generator.Tests.Parity;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Precision;

/// <summary>
/// Every parity fixture and a few random models (multi-panel, 512-bit panels, projections, heads, chunked input
/// projections), each generated with <c>WeightPrecision = BFloat16</c> (types B_*) and <c>Int8</c> (Q_*), compiled once;
/// next to each file its rounded float32 copy (<see cref="RoundedWeights"/>) for the runtime reference, and the float32
/// model generated from the bfloat16-rounded copy (types F_*), which a bfloat16 model must equal bit for bit.
/// </summary>
public sealed class CompiledPrecisionModels : IDisposable
{
    /// <summary>
    /// Random shapes: the existing multi-panel, 512-bit, bidirectional/projection/head and feedback cases, and cells large
    /// enough that even their int8 weights (a quarter of float32) pass 512 KiB, so runs take the chunked input projection.
    /// </summary>
    internal static readonly RandomModel[] RandomModels = RandomModel.All
        .Where(m => m.Name is "Lstm8x32" or "Lstm19x48x2" or "GruBefore5x48" or "RnnRelu3x64" or "LstmProjBidiHead" or "GruBidi24x16x2" or "LstmProjFeedback16x48")
        .Concat(new RandomModel[]
        {
            new("LstmChunked96x320", "lstm", 96, 320, 1, false, 0, 0, "[Lstm(InputSize = 96, HiddenSize = 320)]"),
            new("GruChunked96x384", "gru", 96, 384, 1, false, 0, 0, "[Gru(InputSize = 96, HiddenSize = 384)]"),
            new("GruBeforeChunked96x384", "gru", 96, 384, 1, false, 0, 0, "[Gru(InputSize = 96, HiddenSize = 384, Reset = RecurrentGruResetMode.BeforeMatmul)]",
                new() { ["recurrent.gru_reset"] = "before" }),
        })
        .ToArray();

    public CompiledPrecisionModels()
    {
        Folder = Path.Combine(Path.GetTempPath(), "raot-precision-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Folder, "rounded"));
        var source = new StringBuilder("using System;\nusing Recurrent.Aot.Generation;\nnamespace Fixtures;\n\n");
        var files = new List<string>();
        foreach (string name in ParityCases.Embedded)
        {
            string path = GeneratorHarness.Fixture(name + ".safetensors");
            var fixture = FixtureCase.Load(name + ".safetensors");
            files.Add(path);
            Declare(source, files, ParityCases.Id(name), $"fixtures/{name}.safetensors", path, fixture.Bidirectional, ParityCases.Generates(fixture));
        }
        foreach (var model in RandomModels)
        {
            string path = model.Write(Folder);
            files.Add(path);
            Declare(source, files, model.Name, model.Name + ".safetensors", path, model.Bidirectional, model.Generates);
        }
        (Diagnostics, Assembly) = GeneratorHarness.Compile(source.ToString(), files.ToArray());
    }

    public string Folder { get; }

    public List<string> Diagnostics { get; }

    public Assembly? Assembly { get; }

    /// <summary>"B" for bfloat16, "Q" for int8: the prefix of the generated type (B_id) and of its driver (DB_id).</summary>
    public static string Prefix(string precision) => precision == RoundedWeights.BFloat16 ? "B" : "Q";

    /// <summary>The rounded float32 copy of a model's file, for the runtime.</summary>
    public string Rounded(string id, string precision) => Path.Combine(Folder, "rounded", $"{id}.{precision}.safetensors");

    public object Invoke(string driver, string method, params object[] args)
    {
        Assert.True(Assembly is not null, "Generation reported: " + string.Join("\n", Diagnostics));
        var type = Assembly.GetType("Fixtures." + driver) ?? throw new InvalidOperationException("No driver " + driver);
        var info = type.GetMethod(method) ?? throw new InvalidOperationException(driver + " has no " + method);
        return info.Invoke(null, args)!;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private void Declare(StringBuilder source, List<string> files, string id, string attributePath, string file, bool bidirectional, bool generates)
    {
        foreach (string precision in RoundedWeights.Precisions)
        {
            string type = Prefix(precision) + "_" + id;
            source.Append(CultureInfo.InvariantCulture, $"[RecurrentModel(\"{attributePath}\", WeightPrecision = RecurrentWeightPrecision.{precision})]\npublic static partial class {type};\n\n");
            source.Append(DriverSource.For("D" + type, type, type, bidirectional, load: null, generates));
            RoundedWeights.Write(file, precision, Rounded(id, precision));
        }

        // The float32 model of the bfloat16-rounded weights: what the bfloat16 kernels must compute, bit for bit.
        string rounded = Rounded(id, RoundedWeights.BFloat16);
        files.Add(rounded);
        string f32 = "F_" + id;
        source.Append(CultureInfo.InvariantCulture, $"[RecurrentModel(\"rounded/{Path.GetFileName(rounded)}\")]\npublic static partial class {f32};\n\n");
        source.Append(DriverSource.For("D" + f32, f32, f32, bidirectional, load: null, generates));
    }
}
