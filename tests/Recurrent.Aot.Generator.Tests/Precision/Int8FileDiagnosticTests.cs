using System.Globalization;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Tests.Precision;

/// <summary>
/// A reduced-precision file whose scales (or dtypes) the runtime refuses is RAOT007 naming the tensor, at every declared
/// precision, never an exception into the compiler, and with the runtime's own words: both apply the shared rules
/// (<c>WeightScales</c>), so <c>RecurrentModel.Load</c> of the same file throws the message the diagnostic carries.
/// </summary>
public sealed class Int8FileDiagnosticTests : IDisposable
{
    private const string Matrix = "lstm.weight_hh_l0";
    private const string Scale = Matrix + "_scale";
    private const int Rows = 24;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raot-int8-diag-" + Guid.NewGuid().ToString("N"));

    public Int8FileDiagnosticTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> Cases => new()
    {
        { "scale_missing", Scale },
        { "scale_zero", Scale },
        { "scale_negative", Scale },
        { "scale_nan", Scale },
        { "scale_infinite", Scale },
        { "scale_one_row_short", Scale },
        { "scale_two_dimensional", Scale },
        { "scale_float64", Scale },
        { "scale_beside_a_float32_matrix", "fc.weight_scale" },
        { "head_scale_missing", "fc.weight_scale" },
        { "float32_matrix_in_an_int8_file", "lstm.weight_ih_l1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_int8_file_is_RAOT007_naming_the_tensor_at_every_precision(string name, string tensor)
    {
        string path = Write(name);
        var runtime = Assert.Throws<WeightsFormatException>(() => RecurrentModel.Load(path));
        Assert.Contains(tensor, runtime.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", runtime.Message, StringComparison.Ordinal);
        string rule = runtime.Message[(path.Length + 2)..]; // Load puts the file's path first
        foreach (string precision in new[] { "Float32", "BFloat16", "Int8" })
        {
            var (result, _) = GeneratorHarness.Run($"using Recurrent.Aot.Generation;\n\nnamespace Demo;\n\n[RecurrentModel(\"{name}.safetensors\", WeightPrecision = RecurrentWeightPrecision.{precision})]\npublic static partial class Broken;\n", path);
            Assert.All(result.Results, r => Assert.Null(r.Exception));
            Assert.Empty(GeneratorHarness.ModelSources(result));
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal("RAOT007", diagnostic.Id);
            string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains(tensor, message, StringComparison.Ordinal);
            Assert.EndsWith(": " + rule, message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The runtime's int8 file of an LSTM with a softmax head (2 layers, hidden 6: <see cref="Matrix"/> has 24 rows),
    /// rewritten as the case breaks it.
    /// </summary>
    private string Write(string name)
    {
        var original = SafeTensorsFile.Load(GeneratorHarness.Fixture("pytorch/lstm_head_softmax.safetensors"));
        using var stream = new MemoryStream();
        WeightPrecisionConverter.Convert(original, WeightPrecision.Int8).WriteTo(stream);
        byte[] bytes = stream.ToArray();
        var file = SafeTensorsFile.Parse(bytes);
        float[] scales = file.ReadFloat32(Scale);
        var replaced = new Dictionary<string, Action<SafeTensorsWriter>?>();
        var writer = new SafeTensorsWriter();
        foreach (var (key, value) in file.Metadata)
        {
            writer.Metadata[key] = value;
        }
        switch (name)
        {
            case "scale_missing":
                replaced[Scale] = null;
                break;
            case "scale_zero":
                replaced[Scale] = w => w.Add(Scale, scales.Select((s, i) => i == 3 ? 0f : s).ToArray(), Rows);
                break;
            case "scale_negative":
                replaced[Scale] = w => w.Add(Scale, scales.Select((s, i) => i == 0 ? -s : s).ToArray(), Rows);
                break;
            case "scale_nan":
                replaced[Scale] = w => w.Add(Scale, scales.Select((s, i) => i == 5 ? float.NaN : s).ToArray(), Rows);
                break;
            case "scale_infinite":
                replaced[Scale] = w => w.Add(Scale, scales.Select((s, i) => i == 23 ? float.PositiveInfinity : s).ToArray(), Rows);
                break;
            case "scale_one_row_short":
                replaced[Scale] = w => w.Add(Scale, scales.AsSpan(0, Rows - 1), Rows - 1);
                break;
            case "scale_two_dimensional":
                replaced[Scale] = w => w.Add(Scale, scales, Rows, 1);
                break;
            case "scale_float64":
                replaced[Scale] = w => w.AddRaw(Scale, TensorDType.F64, scales.SelectMany(s => BitConverter.GetBytes((double)s)).ToArray(), Rows);
                break;
            case "scale_beside_a_float32_matrix":
                // No precision key (it would refuse the float32 matrix first): the stray scale itself is the error.
                writer.Metadata.Remove(RecurrentMetadataKeys.WeightPrecision);
                replaced["fc.weight"] = w => w.Add("fc.weight", original.ReadFloat32("fc.weight"), 5, 6);
                break;
            case "head_scale_missing":
                replaced["fc.weight_scale"] = null;
                break;
            case "float32_matrix_in_an_int8_file":
                replaced["lstm.weight_ih_l1"] = w => w.Add("lstm.weight_ih_l1", original.ReadFloat32("lstm.weight_ih_l1"), Rows, 6);
                replaced["lstm.weight_ih_l1_scale"] = null;
                break;
            default:
                throw new ArgumentException("No case " + name, nameof(name));
        }
        foreach (var tensor in file.Tensors)
        {
            if (replaced.TryGetValue(tensor.Name, out var replace))
            {
                replace?.Invoke(writer);
            }
            else
            {
                writer.AddRaw(tensor.Name, tensor.DType, bytes.AsSpan((int)tensor.Offset, (int)tensor.Length), tensor.Shape);
            }
        }
        string path = Path.Combine(_folder, name + ".safetensors");
        writer.Save(path);
        return path;
    }
}
