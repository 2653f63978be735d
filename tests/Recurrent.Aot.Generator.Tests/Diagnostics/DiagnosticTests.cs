extern alias GeneratorAssembly;

using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Tests.Diagnostics;

/// <summary>Every RAOT diagnostic, from the declaration or the weights file that causes it. The generator must never throw.</summary>
public sealed class DiagnosticTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raot-diag-" + Guid.NewGuid().ToString("N"));

    public DiagnosticTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RAOT001_type_is_not_partial()
        => Expect("RAOT001", "[Lstm(InputSize = 4, HiddenSize = 8)]\npublic sealed class NotPartial;");

    [Fact]
    public void RAOT002_nested_type()
        => Expect("RAOT002", "public static partial class Outer\n{\n    [Lstm(InputSize = 4, HiddenSize = 8)]\n    public sealed partial class Inner;\n}");

    [Fact]
    public void RAOT002_generic_type()
        => Expect("RAOT002", "[Gru(InputSize = 4, HiddenSize = 8)]\npublic sealed partial class Generic<T>;");

    [Fact]
    public void RAOT003_hidden_size_zero()
        => Expect("RAOT003", "[Lstm(InputSize = 4, HiddenSize = 0)]\npublic sealed partial class Empty;");

    [Fact]
    public void RAOT003_projection_not_smaller_than_hidden()
        => Expect("RAOT003", "[Lstm(InputSize = 4, HiddenSize = 8, ProjSize = 8)]\npublic sealed partial class Projected;");

    [Fact]
    public void RAOT004_gate_activation_on_an_rnn()
        => Expect("RAOT004", "[Rnn(InputSize = 4, HiddenSize = 8, GateActivation = RecurrentActivation.Tanh)]\npublic sealed partial class GatelessRnn;");

    [Fact]
    public void RAOT004_head_activation_without_a_head()
        => Expect("RAOT004", "[Gru(InputSize = 4, HiddenSize = 8, HeadActivation = RecurrentHeadActivation.Softmax)]\npublic sealed partial class Headless;");

    [Fact]
    public void RAOT004_peepholes_in_the_file()
        => Expect("RAOT004", "[RecurrentModel(\"reference/lstm_peephole.safetensors\")]\npublic static partial class Peephole;", GeneratorHarness.Fixture("reference/lstm_peephole.safetensors"));

    [Fact]
    public void RAOT004_weight_precision_that_names_no_member()
        => Expect("RAOT004", "[RecurrentModel(\"pytorch/lstm_odd_3x5.safetensors\", WeightPrecision = (RecurrentWeightPrecision)7)]\npublic static partial class Unknown;", GeneratorHarness.Fixture("pytorch/lstm_odd_3x5.safetensors"));

    [Fact]
    public void RAOT004_static_shape_only_model()
        => Expect("RAOT004", "[Lstm(InputSize = 4, HiddenSize = 8)]\npublic static partial class NoInstance;");

    [Fact]
    public void RAOT005_file_not_listed()
        => Expect("RAOT005", "[RecurrentModel(\"models/missing.safetensors\")]\npublic static partial class Missing;");

    [Fact]
    public void RAOT006_listed_file_cannot_be_read()
        => Expect("RAOT006", "[RecurrentModel(\"gone.safetensors\")]\npublic static partial class Gone;", Path.Combine(_folder, "gone.safetensors"), normalize: true);

    [Fact]
    public void RAOT007_not_a_safetensors_file()
    {
        string path = Path.Combine(_folder, "garbage.safetensors");
        File.WriteAllBytes(path, new byte[] { 200, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}' });
        Expect("RAOT007", "[RecurrentModel(\"garbage.safetensors\")]\npublic static partial class Garbage;", path, normalize: true);
    }

    [Fact]
    public void RAOT007_invalid_json_header()
    {
        string path = Path.Combine(_folder, "json.safetensors");
        byte[] header = "{\"a\": [1, }"u8.ToArray();
        File.WriteAllBytes(path, BitConverter.GetBytes((ulong)header.Length).Concat(header).ToArray());
        Expect("RAOT007", "[RecurrentModel(\"json.safetensors\")]\npublic static partial class BadJson;", path, normalize: true);
    }

    [Fact]
    public void RAOT007_no_recurrent_module()
    {
        string path = Write("other.safetensors", w => w.Add("fc.weight", new float[6], 2, 3));
        Expect("RAOT007", "[RecurrentModel(\"other.safetensors\")]\npublic static partial class Other;", path, normalize: true);
    }

    [Fact]
    public void RAOT007_metadata_value_the_runtime_refuses()
    {
        string path = Write("badmeta.safetensors", w =>
        {
            w.Add("gru.weight_ih_l0", new float[12 * 2], 12, 2);
            w.Add("gru.weight_hh_l0", new float[12 * 4], 12, 4);
            w.Metadata["recurrent.gru_reset"] = "sideways";
        });
        Expect("RAOT007", "[RecurrentModel(\"badmeta.safetensors\")]\npublic static partial class BadMeta;", path, normalize: true);
    }

    [Fact]
    public void RAOT008_attribute_size_disagrees_with_the_file()
        => Expect("RAOT008", "[RecurrentModel(\"pytorch/lstm_1layer.safetensors\", HiddenSize = 7)]\npublic static partial class Wrong;", GeneratorHarness.Fixture("pytorch/lstm_1layer.safetensors"));

    [Fact]
    public void RAOT008_cell_kind_disagrees_with_the_file()
        => Expect("RAOT008", "[RecurrentModel(\"pytorch/lstm_1layer.safetensors\", Cell = RecurrentCellKind.Gru)]\npublic static partial class WrongKind;", GeneratorHarness.Fixture("pytorch/lstm_1layer.safetensors"));

    [Fact]
    public void RAOT007_tensor_shape_disagrees_with_the_others()
    {
        string path = Write("shapes.safetensors", w =>
        {
            w.Add("lstm.weight_ih_l0", new float[16 * 3], 16, 3);
            w.Add("lstm.weight_hh_l0", new float[16 * 4], 16, 4);
            w.Add("lstm.bias_ih_l0", new float[16], 16);
            w.Add("lstm.bias_hh_l0", new float[15], 15);
        });
        Expect("RAOT007", "[RecurrentModel(\"shapes.safetensors\")]\npublic static partial class Shapes;", path, normalize: true);
    }

    [Fact]
    public void RAOT009_non_finite_weight()
    {
        string path = Write("nan.safetensors", w =>
        {
            w.Add("rnn.weight_ih_l0", new float[4 * 2], 4, 2);
            w.Add("rnn.weight_hh_l0", new float[4 * 4], 4, 4);
            w.Add("rnn.bias_ih_l0", new float[] { 0, float.PositiveInfinity, 0, 0 }, 4);
            w.Add("rnn.bias_hh_l0", new float[4], 4);
        });
        Expect("RAOT009", "[RecurrentModel(\"nan.safetensors\")]\npublic static partial class NotFinite;", path, normalize: true);
    }

    [Fact]
    public void RAOT010_weights_too_large_to_embed()
    {
        // LSTM 720 x 720 in float16: an 8.3 MB file whose weights pack to 16.6 MB of float32, past the 15 MB limit.
        const int Rows = 4 * 720;
        string path = Path.Combine(_folder, "large.safetensors");
        WriteZeroFloat16(path, ("lstm.weight_ih_l0", [Rows, 720]), ("lstm.weight_hh_l0", [Rows, 720]), ("lstm.bias_ih_l0", [Rows]), ("lstm.bias_hh_l0", [Rows]));
        Expect("RAOT010", "[RecurrentModel(\"large.safetensors\")]\npublic static partial class TooLarge;", path, normalize: true);
    }

    [Fact]
    public void RAOT011_same_file_name_in_two_folders()
    {
        // An LSTM and a GRU of the same name: the attribute's name alone cannot say which one is meant.
        string lstm = Copy("pytorch/lstm_1layer.safetensors", Path.Combine("a", "dup.safetensors"));
        string gru = Copy("pytorch/gru_1layer.safetensors", Path.Combine("b", "dup.safetensors"));
        Expect("RAOT011", "[RecurrentModel(\"dup.safetensors\")]\npublic static partial class Duplicate;", [lstm, gru], normalize: true);
    }

    [Fact]
    public void RAOT012_language_version_older_than_csharp_12()
    {
        // Two models, one diagnostic; without it C# 11 would report an error for every use of an inline array in the generated code.
        const string Source = "using Recurrent.Aot.Generation;\n\nnamespace Demo\n{\n    [Lstm(InputSize = 4, HiddenSize = 8)]\n    public sealed partial class Old { }\n\n    [Gru(InputSize = 4, HiddenSize = 8)]\n    public sealed partial class Older { }\n}\n";
        var (result, output) = GeneratorHarness.Run(LanguageVersion.CSharp11, Source);
        ExpectOnlyUnsupportedLanguage(result, "C# 11");
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Snapshot.Match(DiagnosticText(result) + "\n", nameof(RAOT012_language_version_older_than_csharp_12), "txt");
    }

    [Fact]
    public void RAOT012_target_framework_without_the_net9_vector_api()
    {
        // A core library with what the attributes need and no System.Runtime.Intrinsics: a framework older than .NET 8.
        var corlib = CSharpCompilation.Create("OldCoreLibrary", [CSharpSyntaxTree.ParseText(OldCoreLibrary)], options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        Assert.True(corlib.Emit(image).Success);
        var compilation = CSharpCompilation.Create(
            "OldFramework",
            [CSharpSyntaxTree.ParseText("using Recurrent.Aot.Generation;\n\nnamespace Demo;\n\n[Rnn(InputSize = 2, HiddenSize = 4)]\npublic sealed partial class OnAnOldFramework;\n", new CSharpParseOptions(LanguageVersion.CSharp13), path: "Source0.cs")],
            [MetadataReference.CreateFromImage(image.ToArray())],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var (result, _) = GeneratorHarness.Run(compilation);
        ExpectOnlyUnsupportedLanguage(result, "target net9.0 or later");
        Snapshot.Match(DiagnosticText(result) + "\n", nameof(RAOT012_target_framework_without_the_net9_vector_api), "txt");
    }

    /// <summary>System types the generated attributes compile against; nothing of .NET's vector API.</summary>
    private const string OldCoreLibrary = """
        namespace System
        {
            public class Object { }
            public abstract class ValueType { }
            public abstract class Enum : ValueType { }
            public struct Void { }
            public struct Boolean { }
            public struct Byte { }
            public struct Int32 { }
            public struct Single { }
            public sealed class String { }
            public abstract class Array { }
            public class Attribute { }
            public class Exception { }
            public abstract class Type { }
            public struct IntPtr { }
            public struct RuntimeTypeHandle { }
            public struct RuntimeFieldHandle { }
            public abstract class Delegate { }
            public abstract class MulticastDelegate : Delegate { }
            [Flags] public enum AttributeTargets { Class = 4, Struct = 8, Enum = 16, Method = 64, Property = 128, Field = 256, Parameter = 2048, All = 32767 }
            public sealed class FlagsAttribute : Attribute { }
            public sealed class AttributeUsageAttribute : Attribute
            {
                public AttributeUsageAttribute(AttributeTargets validOn) { }
                public bool AllowMultiple { get; set; }
                public bool Inherited { get; set; }
            }
        }
        """;

    /// <summary>The generator reported RAOT012 alone, naming <paramref name="remedy"/>, and emitted no model and no helper.</summary>
    private static void ExpectOnlyUnsupportedLanguage(GeneratorDriverRunResult result, string remedy)
    {
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("RAOT012", diagnostic.Id);
        Assert.Contains(remedy, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.ModelSources(result));
        string[] emitted = result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Microsoft.CodeAnalysis.EmbeddedAttribute.cs", "Recurrent.Aot.Generation.Attributes.g.cs"], emitted);
    }

    private static string DiagnosticText(GeneratorDriverRunResult result)
        => string.Join("\n", result.Diagnostics.Select(d => $"{d.Id} {d.Severity} {d.Location.GetLineSpan().StartLinePosition}: {d.GetMessage(CultureInfo.InvariantCulture)}"));

    [Fact]
    public void Every_descriptor_has_a_test_and_a_release_entry()
    {
        var ids = typeof(DiagnosticTests).GetMethods().Select(m => m.Name).Where(n => n.StartsWith("RAOT", StringComparison.Ordinal)).Select(n => n[..7]).ToHashSet();
        string releases = File.ReadAllText(Path.Combine(SourceFolder(), "..", "..", "..", "generator", "Recurrent.Aot.Generator", "AnalyzerReleases.Unshipped.md"));
        var descriptors = typeof(GeneratorAssembly::Recurrent.Aot.Generator.CellGenerator).Assembly.GetType("Recurrent.Aot.Generator.Diagnostics.DiagnosticDescriptors")!
            .GetFields().Select(f => (DiagnosticDescriptor)f.GetValue(null)!).ToList();
        Assert.Equal(12, descriptors.Count);
        foreach (var descriptor in descriptors)
        {
            Assert.Contains(descriptor.Id, ids);
            Assert.Contains(descriptor.Id + " |", releases, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString(CultureInfo.InvariantCulture)), descriptor.Id + " has no help text");
        }
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    /// <summary>Copies a fixture to <paramref name="relative"/> under the test's folder.</summary>
    private string Copy(string fixture, string relative)
    {
        string path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(GeneratorHarness.Fixture(fixture), path);
        return path;
    }

    private string Write(string name, Action<SafeTensorsWriter> fill)
    {
        var writer = new SafeTensorsWriter();
        fill(writer);
        string path = Path.Combine(_folder, name);
        writer.Save(path);
        return path;
    }

    /// <summary>Writes a safetensors file of float16 zeros (the runtime's writer only writes float32).</summary>
    private static void WriteZeroFloat16(string path, params (string Name, int[] Shape)[] tensors)
    {
        var header = new System.Text.StringBuilder("{");
        long offset = 0;
        foreach (var (name, shape) in tensors)
        {
            long bytes = 2L * shape.Aggregate(1L, (product, size) => product * size);
            header.Append(CultureInfo.InvariantCulture, $"\"{name}\":{{\"dtype\":\"F16\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{offset},{offset + bytes}]}},");
            offset += bytes;
        }
        header[^1] = '}';
        byte[] json = System.Text.Encoding.UTF8.GetBytes(header.ToString());
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((ulong)json.Length));
        stream.Write(json);
        stream.SetLength(stream.Position + offset);
    }

    /// <summary>Runs the generator; requires the expected id, no exception and no generated model; snapshots the diagnostics.</summary>
    private void Expect(string id, string declaration, string? file = null, bool normalize = false, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
        => Expect(id, declaration, file is null ? [] : [file], normalize, test);

    private void Expect(string id, string declaration, string[] files, bool normalize = false, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        string source = "using Recurrent.Aot.Generation;\n\nnamespace Demo;\n\n" + declaration + "\n";
        var (result, _) = GeneratorHarness.Run(source, files);
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.Contains(result.Diagnostics, d => d.Id == id);
        Assert.Empty(GeneratorHarness.ModelSources(result));
        string text = string.Join("\n", result.Diagnostics.Select(d => $"{d.Id} {d.Severity} {d.Location.GetLineSpan().StartLinePosition}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
        if (normalize)
        {
            text = text.Replace(_folder, "<temp>", StringComparison.Ordinal);
        }
        Snapshot.Match(text + "\n", test, "txt");
    }
}
