using System.Globalization;
using System.Reflection;
using System.Text;
using Recurrent.Aot.Generator.Tests.Parity;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Tests.Precision;

/// <summary>
/// Reduced-precision files made from PyTorch fixtures by the runtime's own writer (<see cref="WeightPrecisionConverter"/>,
/// what <c>recurrent quantize</c> runs), each declared with <c>[RecurrentModel]</c> at every precision (types F_, B_, Q_ +
/// case id) and compiled once, with a driver each. The float32 fixture itself is declared too (OF_, OB_, OQ_ + fixture
/// id), so a model of the int8 file can be compared with the model the generator quantizes from the original.
/// </summary>
public sealed class Int8FileModels : IDisposable
{
    /// <summary>Declared precisions, as the attribute's member names, and the prefix of their types.</summary>
    public static readonly (string Precision, string Prefix)[] Declared = { ("Float32", "F"), ("BFloat16", "B"), ("Int8", "Q") };

    /// <summary>
    /// The files: an int8 file of each fixture (one layer, projection, head, bidirectional, a single cell, the original
    /// GRU reset with its third section), an int8 file whose head stays float32 (no <c>recurrent.weight_precision</c>), an
    /// int8 file whose q and scales are not what quantizing q · s gives back (every q halved, every scale doubled), and
    /// bfloat16 files (one written by the converter, one exported by PyTorch without the metadata key).
    /// </summary>
    public static readonly Int8FileCase[] Cases =
    {
        new("lstm_1layer_int8", "pytorch/lstm_1layer", Int8FileKind.Quantized),
        new("lstm_proj_int8", "pytorch/lstm_proj", Int8FileKind.Quantized),
        new("lstm_head_softmax_int8", "pytorch/lstm_head_softmax", Int8FileKind.Quantized),
        new("gru_bidi_2layer_int8", "pytorch/gru_bidi_2layer", Int8FileKind.Quantized),
        new("gru_cell_int8", "pytorch/gru_cell", Int8FileKind.Quantized),
        new("gru_reset_before_int8", "reference/gru_reset_before", Int8FileKind.Quantized),
        new("rnn_tanh_bidi_2layer_state_int8", "pytorch/rnn_tanh_bidi_2layer_state", Int8FileKind.Quantized),
        new("lstm_head_softmax_int8_float_head", "pytorch/lstm_head_softmax", Int8FileKind.QuantizedFloatHead),
        new("lstm_1layer_int8_halved", "pytorch/lstm_1layer", Int8FileKind.QuantizedHalved),
        new("lstm_head_softmax_bf16", "pytorch/lstm_head_softmax", Int8FileKind.Rounded),
        new("lstm_bf16_weights", "pytorch/lstm_bf16_weights", Int8FileKind.AsIs),
    };

    public Int8FileModels()
    {
        Folder = Path.Combine(Path.GetTempPath(), "raot-int8-files-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Folder, "files"));
        var source = new StringBuilder("using System;\nusing Recurrent.Aot.Generation;\nnamespace Int8Files;\n\n");
        var files = new List<string>();
        foreach (var c in Cases)
        {
            string path = PathOf(c.Id);
            Write(c, path);
            files.Add(path);
            Declare(source, "", c.Id, "files/" + c.Id + ".safetensors", FixtureCase.Load(c.Fixture + ".safetensors"));
        }
        foreach (string fixture in Cases.Select(c => c.Fixture).Distinct())
        {
            files.Add(GeneratorHarness.Fixture(fixture + ".safetensors"));
            Declare(source, "O", ParityCases.Id(fixture), "fixtures/" + fixture + ".safetensors", FixtureCase.Load(fixture + ".safetensors"));
        }
        (Diagnostics, Assembly) = GeneratorHarness.Compile(source.ToString(), files.ToArray());
    }

    public string Folder { get; }

    public List<string> Diagnostics { get; }

    public Assembly? Assembly { get; }

    /// <summary>The written file of a case.</summary>
    public string PathOf(string id) => Path.Combine(Folder, "files", id + ".safetensors");

    public object Invoke(string driver, string method, params object[] args)
    {
        Assert.True(Assembly is not null, "Generation reported: " + string.Join("\n", Diagnostics));
        var type = Assembly.GetType("Int8Files." + driver) ?? throw new InvalidOperationException("No driver " + driver);
        var info = type.GetMethod(method) ?? throw new InvalidOperationException(driver + " has no " + method);
        return info.Invoke(null, args)!;
    }

    /// <summary>The bytes a generated type embeds (its packed weights, as the generated constant holds them).</summary>
    public byte[] EmbeddedBytes(string type)
    {
        Assert.True(Assembly is not null, "Generation reported: " + string.Join("\n", Diagnostics));
        var field = Assembly.GetType("Int8Files." + type)!.GetField("PackedWeightChars", BindingFlags.NonPublic | BindingFlags.Static)!;
        string chars = (string)field.GetRawConstantValue()!;
        var bytes = new byte[2 * chars.Length];
        for (int i = 0; i < chars.Length; i++)
        {
            bytes[2 * i] = (byte)chars[i];
            bytes[(2 * i) + 1] = (byte)(chars[i] >> 8);
        }
        return bytes;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>Declares types <paramref name="prefix"/> + F_/B_/Q_ + <paramref name="id"/> over one file, a driver (D + type) each.</summary>
    private static void Declare(StringBuilder source, string prefix, string id, string attributePath, FixtureCase fixture)
    {
        foreach (var (precision, letter) in Declared)
        {
            string type = prefix + letter + "_" + id;
            source.Append(CultureInfo.InvariantCulture, $"[RecurrentModel(\"{attributePath}\", WeightPrecision = RecurrentWeightPrecision.{precision})]\npublic static partial class {type};\n\n");
            source.Append(DriverSource.For("D" + type, type, type, fixture.Bidirectional, load: null, ParityCases.Generates(fixture)));
        }
    }

    private static void Write(Int8FileCase c, string path)
    {
        var original = SafeTensorsFile.Load(GeneratorHarness.Fixture(c.Fixture + ".safetensors"));
        switch (c.Kind)
        {
            case Int8FileKind.AsIs:
                File.Copy(GeneratorHarness.Fixture(c.Fixture + ".safetensors"), path);
                return;
            case Int8FileKind.Rounded:
                WeightPrecisionConverter.Convert(original, WeightPrecision.BFloat16).Save(path);
                return;
        }
        var int8 = WeightPrecisionConverter.Convert(original, WeightPrecision.Int8);
        if (c.Kind == Int8FileKind.Quantized)
        {
            int8.Save(path);
            return;
        }

        // Rewrite the int8 file: its head back to the original float32 (and no precision key, which would require
        // every matrix in int8), or every matrix's q halved and scale doubled.
        using var stream = new MemoryStream();
        int8.WriteTo(stream);
        byte[] bytes = stream.ToArray();
        var file = SafeTensorsFile.Parse(bytes);
        byte[] Raw(TensorInfo tensor) => bytes.AsSpan((int)tensor.Offset, (int)tensor.Length).ToArray();
        var writer = new SafeTensorsWriter();
        foreach (var (key, value) in file.Metadata.Where(m => c.Kind != Int8FileKind.QuantizedFloatHead || m.Key != RecurrentMetadataKeys.WeightPrecision))
        {
            writer.Metadata[key] = value;
        }
        string? head = c.Kind == Int8FileKind.QuantizedFloatHead ? file.Metadata[RecurrentMetadataKeys.Head] + ".weight" : null;
        foreach (var tensor in file.Tensors)
        {
            if (tensor.Name == head)
            {
                writer.Add(tensor.Name, original.ReadFloat32(tensor.Name), tensor.Shape);
            }
            else if (head is not null && tensor.Name == head + "_scale")
            {
                continue;
            }
            else if (c.Kind == Int8FileKind.QuantizedHalved && tensor.DType == TensorDType.I8)
            {
                sbyte[] q = Raw(tensor).Select(b => (sbyte)((sbyte)b / 2)).ToArray();
                writer.AddInt8(tensor.Name, q, tensor.Shape);
            }
            else if (c.Kind == Int8FileKind.QuantizedHalved && tensor.Name.EndsWith("_scale", StringComparison.Ordinal) && file.GetTensor(tensor.Name[..^"_scale".Length]).DType == TensorDType.I8)
            {
                writer.Add(tensor.Name, file.ReadFloat32(tensor.Name).Select(s => 2f * s).ToArray(), tensor.Shape);
            }
            else
            {
                writer.AddRaw(tensor.Name, tensor.DType, Raw(tensor), tensor.Shape);
            }
        }
        writer.Save(path);
    }
}

/// <summary>How a case's file is made from its fixture.</summary>
public enum Int8FileKind
{
    /// <summary>The converter's int8 file.</summary>
    Quantized,

    /// <summary>The converter's int8 file with the head's weight back in float32 and no precision key.</summary>
    QuantizedFloatHead,

    /// <summary>The converter's int8 file with every q halved and every scale doubled.</summary>
    QuantizedHalved,

    /// <summary>The converter's bfloat16 file.</summary>
    Rounded,

    /// <summary>The fixture as PyTorch wrote it.</summary>
    AsIs,
}

/// <param name="Id">The case (and file) name; the generated types are F_, B_, Q_ + it.</param>
/// <param name="Fixture">The PyTorch or reference fixture the file is made from, and whose inputs run it.</param>
public sealed record Int8FileCase(string Id, string Fixture, Int8FileKind Kind);
