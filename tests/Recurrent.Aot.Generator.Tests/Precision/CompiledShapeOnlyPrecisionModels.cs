using System.Globalization;
using System.Reflection;
using System.Text;
using Recurrent.Aot.Generator.Tests.Parity;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Tests.Precision;

/// <summary>
/// Every shape-only parity declaration (<see cref="ParityCases.ShapeOnly"/>) with <c>WeightPrecision = BFloat16</c> and
/// <c>Int8</c> (types SB_id, SQ_id), beside the embedded model of the same fixture and precision (EB_id, EQ_id), compiled
/// once. Drivers (<see cref="DriverSource"/>) bind each shape-only type in several ways:
/// <list type="bullet">
/// <item>DL: <c>Load</c> of the fixture's float32 file;</item>
/// <item>DP: <c>FromParameters</c> of the file's weights in PyTorch order;</item>
/// <item>DC: <c>Load</c> of the file converted to the model's precision (<see cref="WeightPrecisionConverter"/>, what
/// <c>recurrent quantize</c> writes): BF16 matrices, or I8 with their <c>_scale</c> tensors;</item>
/// <item>DI: <c>Load</c> of an int8 file whose q are halved and scales doubled (<see cref="WriteHalvedInt8"/>), so its
/// largest |q| is 63: re-quantizing q · s would give other integers and scales, keeping them gives the runtime's numbers.</item>
/// </list>
/// <c>Refusals.Load_&lt;type&gt;(path)</c> and <c>Refusals.FromParameters_&lt;type&gt;(parameters)</c> return the message
/// a <c>Load</c> (WeightsFormatException) or <c>FromParameters</c> (ArgumentException) throws, or null when it binds.
/// </summary>
public sealed class CompiledShapeOnlyPrecisionModels : IDisposable
{
    /// <summary>The driver kinds that bind a shape-only type (see the class summary).</summary>
    public static readonly string[] Bindings = { "L", "P", "C", "I" };

    public CompiledShapeOnlyPrecisionModels()
    {
        Folder = Path.Combine(Path.GetTempPath(), "raot-shape-precision-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var source = new StringBuilder("using System;\nusing Recurrent.Aot.Generation;\nnamespace Fixtures;\n\n");
        source.Append("""
            public static class Parameters
            {
                /// <summary>The file's weights in PyTorch's parameters() order, as the runtime reads them.</summary>
                public static float[] Of(string path)
                {
                    var file = global::Recurrent.Aot.IO.SafeTensorsFile.Load(path);
                    var model = global::Recurrent.Aot.RecurrentModel.FromSafeTensors(file);
                    return global::Recurrent.Aot.GeneratedModelLoader.ReadParameters(file, model.Spec, null, null, "test", out _);
                }
            }

            """);
        var refusals = new StringBuilder("public static class Refusals\n{\n");
        var files = new List<string>();
        foreach (var (name, attribute) in ParityCases.ShapeOnly)
        {
            string id = ParityCases.Id(name);
            var fixture = FixtureCase.Load(name + ".safetensors");
            string path = GeneratorHarness.Fixture(name + ".safetensors");
            files.Add(path);
            bool generates = ParityCases.Generates(fixture);
            foreach (string precision in RoundedWeights.Precisions)
            {
                string p = CompiledPrecisionModels.Prefix(precision);
                string embedded = $"E{p}_{id}";
                string shapeOnly = $"S{p}_{id}";
                source.Append(CultureInfo.InvariantCulture, $"[RecurrentModel(\"fixtures/{name}.safetensors\", WeightPrecision = RecurrentWeightPrecision.{precision})]\npublic static partial class {embedded};\n\n");
                source.Append(DriverSource.For("D" + embedded, embedded, embedded, fixture.Bidirectional, load: null, generates));
                string declared = attribute[..^2] + $", WeightPrecision = RecurrentWeightPrecision.{precision})]";
                source.Append(CultureInfo.InvariantCulture, $"{declared}\npublic sealed partial class {shapeOnly};\n\n");

                string converted = Converted(id, precision);
                Convert(path, precision, converted);
                WriteHalvedInt8(path, Halved(id));
                var loads = new Dictionary<string, string>
                {
                    ["L"] = $"{shapeOnly}.Load(@\"{path}\")",
                    ["P"] = $"{shapeOnly}.FromParameters(Parameters.Of(@\"{path}\"))",
                    ["C"] = $"{shapeOnly}.Load(@\"{converted}\")",
                    ["I"] = $"{shapeOnly}.Load(@\"{Halved(id)}\")",
                };
                foreach (var (binding, load) in loads)
                {
                    source.Append(DriverSource.For($"D{binding}{p}_{id}", shapeOnly, "Model", fixture.Bidirectional, load, generates));
                }
                refusals.Append(CultureInfo.InvariantCulture, $"    public static string? Load_{shapeOnly}(string path) {{ try {{ {shapeOnly}.Load(path); return null; }} catch (global::Recurrent.Aot.IO.WeightsFormatException e) {{ return e.Message; }} }}\n");
                refusals.Append(CultureInfo.InvariantCulture, $"    public static string? FromParameters_{shapeOnly}(float[] parameters) {{ try {{ {shapeOnly}.FromParameters(parameters); return null; }} catch (ArgumentException e) {{ return e.Message; }} }}\n");
            }
        }
        source.Append(refusals).Append("}\n");
        (Diagnostics, Assembly) = GeneratorHarness.Compile(source.ToString(), files.ToArray());
    }

    public string Folder { get; }

    public List<string> Diagnostics { get; }

    public Assembly? Assembly { get; }

    /// <summary>The fixture converted to a reduced precision (BF16, or I8 with scales).</summary>
    public string Converted(string id, string precision) => Path.Combine(Folder, $"{id}.{precision}.safetensors");

    /// <summary>The fixture as int8 with q halved and scales doubled.</summary>
    public string Halved(string id) => Path.Combine(Folder, $"{id}.halved-int8.safetensors");

    public object? Invoke(string type, string method, params object[] args)
    {
        Assert.True(Assembly is not null, "Generation reported: " + string.Join("\n", Diagnostics));
        var found = Assembly.GetType("Fixtures." + type) ?? throw new InvalidOperationException("No type " + type);
        var info = found.GetMethod(method) ?? throw new InvalidOperationException(type + " has no " + method);
        return info.Invoke(null, args);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static void Convert(string source, string precision, string target)
        => WeightPrecisionConverter.Convert(SafeTensorsFile.Load(source), Parse(precision)).Save(target);

    /// <summary>A tensor's stored bytes (its offsets count from the file's start).</summary>
    public static ReadOnlySpan<byte> RawBytes(byte[] file, TensorInfo tensor) => file.AsSpan((int)tensor.Offset, (int)tensor.Length);

    public static Recurrent.Aot.WeightPrecision Parse(string precision)
        => precision == RoundedWeights.BFloat16 ? Recurrent.Aot.WeightPrecision.BFloat16 : Recurrent.Aot.WeightPrecision.Int8;

    /// <summary>
    /// The int8 conversion of <paramref name="source"/> with every q halved (toward zero) and every scale doubled: a valid
    /// int8 file whose integers reach only ±63, unlike any that quantizing its values (q · s) would give.
    /// </summary>
    private static void WriteHalvedInt8(string source, string target)
    {
        if (File.Exists(target))
        {
            return;
        }
        using var stream = new MemoryStream();
        WeightPrecisionConverter.Convert(SafeTensorsFile.Load(source), Recurrent.Aot.WeightPrecision.Int8).WriteTo(stream);
        byte[] bytes = stream.ToArray();
        var int8 = SafeTensorsFile.Parse(bytes);
        var writer = new SafeTensorsWriter();
        foreach (var (key, value) in int8.Metadata)
        {
            writer.Metadata[key] = value;
        }
        foreach (var tensor in int8.Tensors)
        {
            if (tensor.DType == TensorDType.I8)
            {
                var q = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(RawBytes(bytes, tensor)).ToArray();
                writer.AddInt8(tensor.Name, q.Select(v => (sbyte)(v / 2)).ToArray(), tensor.Shape);
            }
            else if (tensor.Name.EndsWith("_scale", StringComparison.Ordinal))
            {
                writer.Add(tensor.Name, int8.ReadFloat32(tensor.Name).Select(s => 2 * s).ToArray(), tensor.Shape);
            }
            else
            {
                writer.AddRaw(tensor.Name, tensor.DType, RawBytes(bytes, tensor), tensor.Shape);
            }
        }
        writer.Save(target);
    }
}
