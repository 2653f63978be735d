extern alias GeneratorAssembly;

using System.Globalization;
using System.Reflection;
using GeneratorAssembly::Recurrent.Aot.Generator.Model;
using GeneratorAssembly::Recurrent.Aot.Generator.Planning;
using Recurrent.Aot.Generator.Tests.Parity;
using Recurrent.Aot.Generator.Tests.Support;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Precision;

// The generator's compiled copies of the runtime's enums and its ModelSpec, not the runtime's types of the same names
// in the enclosing namespace Recurrent.Aot (the generator's ModelSpec takes the generator's enums).
using Activation = GeneratorAssembly::Recurrent.Aot.Activation;
using CellKind = GeneratorAssembly::Recurrent.Aot.CellKind;
using GruResetMode = GeneratorAssembly::Recurrent.Aot.GruResetMode;
using HeadActivation = GeneratorAssembly::Recurrent.Aot.HeadActivation;
using ModelSpec = GeneratorAssembly::Recurrent.Aot.Generator.Model.ModelSpec;
using WeightPrecision = GeneratorAssembly::Recurrent.Aot.WeightPrecision;

/// <summary>What a reduced precision embeds (half or a quarter of the weight bytes) and the size of the methods it generates.</summary>
public sealed class ReducedPrecisionLayoutTests(ITestOutputHelper output)
{
    /// <summary>A fifth of the JIT's limit, as GeneratedSizeTests allows float32.</summary>
    private const int MaxMethodIl = 12_000;

    public static TheoryData<string> Specs => new(SpecsByName.Keys);

    private static readonly Dictionary<string, ModelSpec> SpecsByName = new()
    {
        ["lstm 32x128"] = Spec(CellKind.Lstm, 32, 128),
        ["gru 64x256 reset before, 2 layers, bidirectional"] = Spec(CellKind.Gru, 64, 256) with { Layers = 2, Bidirectional = true, GruReset = GruResetMode.BeforeMatmul },
        ["lstm 17x33 projection 9, head 5"] = Spec(CellKind.Lstm, 17, 33) with { ProjSize = 9, HeadSize = 5 },
        ["rnn 3x8"] = Spec(CellKind.Rnn, 3, 8),
    };

    /// <summary>
    /// The weight matrices take exactly half (bfloat16) and a quarter (int8) of their float32 bytes; what else is embedded is
    /// the float32 biases (every precision) and the int8 row scales with their reciprocals (8 bytes per matrix row and unit).
    /// </summary>
    [Theory]
    [MemberData(nameof(Specs))]
    public void Embedded_weights_take_half_and_a_quarter_of_the_float32_bytes(string name)
    {
        var spec = SpecsByName[name];
        var random = new Random(7);
        float[] parameters = Enumerable.Range(0, spec.ParameterCount).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var bytes = new Dictionary<WeightPrecision, (int Total, int Matrices)>();
        foreach (var precision in new[] { WeightPrecision.Float32, WeightPrecision.BFloat16, WeightPrecision.Int8 })
        {
            var plan = ModelPlanner.Plan(spec with { WeightPrecision = precision });
            byte[] packed = WeightPacker.PackBytes(plan, parameters);
            Assert.Equal(plan.Layout.TotalFloats * 4, packed.Length);
            bytes[precision] = (packed.Length, 4 * MatrixFloats(plan.Layout));
            output.WriteLine($"{name} {precision}: {packed.Length:N0} bytes embedded, {bytes[precision].Matrices:N0} of them weight matrices");
        }
        Assert.Equal(bytes[WeightPrecision.Float32].Matrices, 2 * bytes[WeightPrecision.BFloat16].Matrices);
        Assert.Equal(bytes[WeightPrecision.Float32].Matrices, 4 * bytes[WeightPrecision.Int8].Matrices);
        int biases = bytes[WeightPrecision.Float32].Total - bytes[WeightPrecision.Float32].Matrices;
        Assert.Equal(biases, bytes[WeightPrecision.BFloat16].Total - bytes[WeightPrecision.BFloat16].Matrices);
        Assert.Equal(biases + (4 * ScaleFloats(ModelPlanner.Plan(spec with { WeightPrecision = WeightPrecision.Int8 }).Layout)), bytes[WeightPrecision.Int8].Total - bytes[WeightPrecision.Int8].Matrices);
    }

    /// <summary>
    /// The bfloat16 panel holds each weight's upper 16 bits, rounded to nearest even from the float32 value, in the
    /// runtime's paired layout: columns 2p and 2p + 1 interleaved element by element where the float32 pair lies, the odd
    /// last column (the x section's third of three) plain.
    /// </summary>
    [Fact]
    public void Bfloat16_panels_hold_the_rounded_weights_in_column_pairs()
    {
        var spec = SpecsByName["rnn 3x8"];
        float[] parameters = Enumerable.Range(0, spec.ParameterCount).Select(i => 1f + (i * 0.001f)).ToArray();
        var wide = ModelPlanner.Plan(spec);
        var narrow = ModelPlanner.Plan(spec with { WeightPrecision = WeightPrecision.BFloat16 });
        float[] f32 = WeightPacker.Pack(wide, parameters);
        byte[] bf16 = WeightPacker.PackBytes(narrow, parameters);
        var cell = wide.Layout.Cells[0];
        var narrowCell = narrow.Layout.Cells[0];
        int stride = cell.PanelWidth;
        foreach (var (wideSection, narrowSection, columns) in new[] { (cell.XSection, narrowCell.XSection, cell.Inputs), (cell.HSection, narrowCell.HSection, cell.Recurrent) })
        {
            for (int k = 0; k < columns; k++)
            {
                for (int e = 0; e < stride; e++)
                {
                    bool paired = (k | 1) < columns;
                    int at = paired ? ((k & ~1) * stride) + (2 * e) + (k & 1) : (k * stride) + e;
                    ushort bits = BitConverter.ToUInt16(bf16, (narrowSection * 4) + (2 * at));
                    Assert.Equal(GeneratorAssembly::Recurrent.Aot.IO.WeightQuantization.ToBFloat16Bits(f32[wideSection + (k * stride) + e]), bits);
                }
            }
        }
        Assert.Equal(f32.AsSpan(0, cell.XSection).ToArray(), Enumerable.Range(0, cell.XSection).Select(i => BitConverter.ToSingle(bf16, 4 * i)).ToArray());
    }

    [Fact]
    public void Largest_reduced_precision_method_for_hidden_256_is_well_inside_the_jit_limit()
    {
        string folder = Path.Combine(Path.GetTempPath(), "raot-precision-il-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var models = new[]
            {
                new RandomModel("Big256", "lstm", 64, 256, 2, false, 0, 0, ""),
                new RandomModel("BigProjected", "lstm", 16, 256, 1, false, 128, 10, "", new() { ["recurrent.head"] = "fc" }),
            };
            string[] files = models.Select(m => m.Write(folder)).ToArray();
            var source = new System.Text.StringBuilder("using Recurrent.Aot.Generation;\nnamespace Demo;\n");
            foreach (var model in models)
            {
                source.Append(CultureInfo.InvariantCulture, $"[RecurrentModel(\"{model.Name}.safetensors\", WeightPrecision = RecurrentWeightPrecision.BFloat16)]\npublic static partial class B{model.Name};\n");
                source.Append(CultureInfo.InvariantCulture, $"[RecurrentModel(\"{model.Name}.safetensors\", WeightPrecision = RecurrentWeightPrecision.Int8)]\npublic static partial class Q{model.Name};\n");
            }
            var (result, compilation) = GeneratorHarness.Run(source.ToString(), files);
            Assert.Empty(result.Diagnostics);
            var assembly = GeneratorHarness.Load(compilation);
            var sizes = assembly.GetTypes().Where(t => t.Namespace == "Demo")
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                    .Select(m => (Method: t.Name + "." + m.Name, Bytes: m.GetMethodBody()?.GetILAsByteArray()?.Length ?? 0)))
                .OrderByDescending(s => s.Bytes).Take(5).ToList();
            foreach (var (method, bytes) in sizes)
            {
                output.WriteLine($"{method}: {bytes} bytes of IL");
            }
            Assert.True(sizes[0].Bytes <= MaxMethodIl, $"{sizes[0].Method} has {sizes[0].Bytes} bytes of IL (limit {MaxMethodIl})");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ModelSpec Spec(CellKind kind, int input, int hidden)
        => new(kind, input, hidden, 1, false, 0, true, Activation.Sigmoid, Activation.Tanh, Activation.Tanh, GruResetMode.AfterMatmul, 0, true, HeadActivation.None);

    /// <summary>Floats of every panel's column sections (the weight matrices, padded to whole panels).</summary>
    private static int MatrixFloats(PackedLayout layout)
    {
        int total = 0;
        foreach (var cell in layout.Cells)
        {
            total += cell.Panels * (cell.PanelFloats - cell.XSection);
            if (cell.Projection is { } projection)
            {
                total += projection.Panels * (projection.PanelFloats - projection.ColumnSection);
            }
        }
        if (layout.Head is { } head)
        {
            total += head.Panels * (head.PanelFloats - head.ColumnSection);
        }
        return total;
    }

    /// <summary>Floats of the int8 scale rows: between the bias rows and the first column section.</summary>
    private static int ScaleFloats(PackedLayout layout)
    {
        int total = 0;
        foreach (var cell in layout.Cells)
        {
            total += cell.Panels * (cell.XSection - cell.XScales);
            if (cell.Projection is { } projection)
            {
                total += projection.Panels * (projection.ColumnSection - projection.Scales);
            }
        }
        if (layout.Head is { } head)
        {
            total += head.Panels * (head.ColumnSection - head.Scales);
        }
        return total;
    }
}
