extern alias GeneratorAssembly;

using GeneratorAssembly::Recurrent.Aot.Generator.Diagnostics;
using GeneratorAssembly::Recurrent.Aot.Generator.Model;
using GeneratorAssembly::Recurrent.Aot.Generator.Parsing;
using GeneratorAssembly::Recurrent.Aot.Generator.Planning;
using Recurrent.Aot.Generator.Tests.Parity;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Precision;

using GeneratedPrecision = GeneratorAssembly::Recurrent.Aot.WeightPrecision;
using WeightQuantization = GeneratorAssembly::Recurrent.Aot.IO.WeightQuantization;

/// <summary>
/// What a model embeds from an int8 or bfloat16 file: declared Int8, the file's q and scales exactly (never q · s quantized
/// again); declared BFloat16 over a bfloat16 file, the file's values exactly.
/// </summary>
public sealed class Int8FileEmbeddingTests(Int8FileModels compiled, ITestOutputHelper output) : IClassFixture<Int8FileModels>
{
    public static TheoryData<string> Int8Cases => new(Int8FileModels.Cases.Where(c => c.Kind is Int8FileKind.Quantized or Int8FileKind.QuantizedFloatHead or Int8FileKind.QuantizedHalved).Select(c => c.Id));

    public static TheoryData<string> BFloat16Cases => new(Int8FileModels.Cases.Where(c => c.Kind is Int8FileKind.Rounded or Int8FileKind.AsIs).Select(c => c.Id));

    /// <summary>
    /// Every int8 weight and every row scale (and its reciprocal) in the Int8 model's embedded bytes is the file's, at the
    /// place the float32 packing puts that weight: found by packing each parameter's index with the float32 packer.
    /// Padding lanes hold zero weights. A matrix the file stores in float32 (the float head) is the generator's to quantize.
    /// </summary>
    [Theory]
    [MemberData(nameof(Int8Cases))]
    public void Int8_model_embeds_the_files_q_and_scales_exactly(string id)
    {
        string path = compiled.PathOf(id);
        byte[] fileBytes = File.ReadAllBytes(path);
        var inferred = Infer(fileBytes, path);

        // The generator's reading of each I8 tensor is the runtime's: the same bytes and scales.
        var file = SafeTensorsFile.Parse(fileBytes);
        var int8Tensors = file.Tensors.Where(t => t.DType == TensorDType.I8).ToList();
        Assert.Equal(int8Tensors.Count, inferred.StoredInt8.Count);
        foreach (var tensor in int8Tensors)
        {
            byte[] q = fileBytes.AsSpan((int)tensor.Offset, (int)tensor.Length).ToArray();
            float[] rowScales = file.ReadFloat32(tensor.Name + "_scale");
            Assert.Contains(inferred.StoredInt8, m => m.Values.Select(v => (byte)v).SequenceEqual(q) && m.Scales.SequenceEqual(rowScales));
        }

        var plan = inferred.Plan;
        var wide = ModelPlanner.Plan(plan.Spec with { WeightPrecision = GeneratedPrecision.Float32 });
        float[] where = WeightPacker.Pack(wide.Layout, wide.Parameters, Enumerable.Range(1, plan.Spec.ParameterCount).Select(i => (float)i).ToArray());
        var storedQ = new sbyte?[plan.Spec.ParameterCount];
        var storedScale = new float[plan.Spec.ParameterCount];
        foreach (var matrix in inferred.StoredInt8)
        {
            for (int i = 0; i < matrix.Values.Length; i++)
            {
                storedQ[matrix.Offset + i] = matrix.Values[i];
                storedScale[matrix.Offset + i] = matrix.Scales[i / matrix.Columns];
            }
        }

        byte[] embedded = compiled.EmbeddedBytes("Q_" + id);
        Assert.Equal(plan.Layout.TotalFloats * 4, embedded.Length);
        int weights = 0, scales = 0;
        void Section(int narrow, int wideStart, int columns, int rowsPerUnit, int panelWidth, int scaleRows)
        {
            int rows = rowsPerUnit * panelWidth;
            for (int i = 0; i < columns * rows; i++)
            {
                int parameter = (int)where[wideStart + i] - 1;
                if (parameter < 0)
                {
                    Assert.Equal(0, (sbyte)embedded[(narrow * 4) + i]);
                }
                else if (storedQ[parameter] is { } q)
                {
                    Assert.True(q == (sbyte)embedded[(narrow * 4) + i], $"parameter {parameter}: embedded {(sbyte)embedded[(narrow * 4) + i]}, the file stores {q}");
                    weights++;
                }
            }
            for (int i = 0; i < rows; i++)
            {
                int parameter = (int)where[wideStart + i] - 1;
                if (parameter >= 0 && storedQ[parameter] is not null)
                {
                    Assert.Equal(storedScale[parameter], BitConverter.ToSingle(embedded, (scaleRows + i) * 4));
                    Assert.Equal(1f / storedScale[parameter], BitConverter.ToSingle(embedded, (scaleRows + rows + i) * 4));
                    scales++;
                }
            }
        }
        void Dense(DenseLayout dense, DenseLayout source)
        {
            for (int p = 0; p < dense.Panels; p++)
            {
                int to = dense.Offset + (p * dense.PanelFloats);
                int from = source.Offset + (p * source.PanelFloats);
                Section(to + dense.ColumnSection, from + source.ColumnSection, dense.Columns, 1, dense.PanelWidth, to + dense.Scales);
            }
        }
        for (int c = 0; c < plan.Layout.Cells.Length; c++)
        {
            var cell = plan.Layout.Cells[c];
            var source = wide.Layout.Cells[c];
            for (int p = 0; p < cell.Panels; p++)
            {
                int to = cell.Offset + (p * cell.PanelFloats);
                int from = source.Offset + (p * source.PanelFloats);
                Section(to + cell.XSection, from + source.XSection, cell.Inputs, cell.Gates, cell.PanelWidth, to + cell.XScales);
                Section(to + cell.HSection, from + source.HSection, cell.Recurrent, cell.GatesH, cell.PanelWidth, to + cell.HScales);
                if (cell.ResetBefore)
                {
                    Section(to + cell.HnSection, from + source.HnSection, cell.Recurrent, 1, cell.PanelWidth, to + cell.HnScales);
                }
            }
            if (cell.Projection is { } projection)
            {
                Dense(projection, source.Projection!);
            }
        }
        if (plan.Layout.Head is { } head)
        {
            Dense(head, wide.Layout.Head!);
        }
        output.WriteLine($"{id}: {weights} stored int8 weights and {scales} row scales found in place");
        Assert.Equal(inferred.StoredInt8.Sum(m => m.Values.Length), weights);
        Assert.Equal(inferred.StoredInt8.Sum(m => m.Scales.Length), scales);
    }

    /// <summary>The halved file has teeth: quantizing its q · s again gives other integers, which the embedded bytes must not hold.</summary>
    [Fact]
    public void Halved_file_is_not_what_quantizing_its_values_gives_back()
    {
        string path = compiled.PathOf("lstm_1layer_int8_halved");
        var inferred = Infer(File.ReadAllBytes(path), path);
        int differing = 0;
        foreach (var matrix in inferred.StoredInt8)
        {
            float[] values = matrix.Values.Select((q, i) => WeightQuantization.Dequantize(q, matrix.Scales[i / matrix.Columns])).ToArray();
            var requantized = new sbyte[values.Length];
            WeightQuantization.QuantizeRowsInt8(values, matrix.Rows, matrix.Columns, requantized, new float[matrix.Rows]);
            differing += requantized.Zip(matrix.Values).Count(p => p.First != p.Second);
        }
        output.WriteLine($"{differing} weights would change if q · s were quantized again");
        Assert.True(differing > 0);
    }

    /// <summary>
    /// The converter quantizes and rounds with the generator's own rules, so a model of its int8 (bfloat16) file declared
    /// Int8 (BFloat16) embeds exactly the bytes the generator makes from the float32 original at that precision.
    /// </summary>
    [Theory]
    [InlineData("lstm_1layer_int8", "Q")]
    [InlineData("lstm_proj_int8", "Q")]
    [InlineData("lstm_head_softmax_int8", "Q")]
    [InlineData("gru_bidi_2layer_int8", "Q")]
    [InlineData("gru_cell_int8", "Q")]
    [InlineData("gru_reset_before_int8", "Q")]
    [InlineData("rnn_tanh_bidi_2layer_state_int8", "Q")]
    [InlineData("lstm_head_softmax_int8_float_head", "Q")]
    [InlineData("lstm_head_softmax_bf16", "B")]
    public void Converted_file_embeds_what_the_float32_original_embeds_at_its_precision(string id, string prefix)
    {
        var c = Int8FileModels.Cases.Single(x => x.Id == id);
        Assert.Equal(compiled.EmbeddedBytes($"O{prefix}_{ParityCases.Id(c.Fixture)}"), compiled.EmbeddedBytes($"{prefix}_{id}"));
    }

    /// <summary>
    /// A bfloat16 file declared BFloat16 keeps its values: the model computes bit for bit what the Float32 model of the
    /// same file (its values widened exactly) computes, in Run and StepBatch.
    /// </summary>
    [Theory]
    [MemberData(nameof(BFloat16Cases))]
    public void BFloat16_file_declared_BFloat16_keeps_its_values_exactly(string id)
    {
        var fixture = FixtureCase.Load(Int8FileModels.Cases.Single(x => x.Id == id).Fixture + ".safetensors");
        foreach (string method in fixture.Bidirectional ? new[] { "Run" } : new[] { "Run", "StepBatch" })
        {
            var expectedStates = fixture.InitialStates.ToArray();
            var expected = (float[])compiled.Invoke("DF_" + id, method, fixture.Inputs, fixture.Batch, fixture.Steps, expectedStates);
            var actualStates = fixture.InitialStates.ToArray();
            var actual = (float[])compiled.Invoke("DB_" + id, method, fixture.Inputs, fixture.Batch, fixture.Steps, actualStates);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(expectedStates.Select(BitConverter.SingleToInt32Bits), actualStates.Select(BitConverter.SingleToInt32Bits));
        }
    }

    /// <summary>The emitted source of a small int8 file declared Int8 (the remarks say whose scales it embeds).</summary>
    [Fact]
    public void Embedded_int8_file()
    {
        string folder = Path.Combine(Path.GetTempPath(), "raot-int8-snapshot-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "keyword-int8.safetensors");
            WeightPrecisionConverter.Convert(SafeTensorsFile.Load(GeneratorHarness.Fixture("pytorch/lstm_odd_3x5.safetensors")), WeightPrecision.Int8).Save(file);
            var (result, _) = GeneratorHarness.Run("using Recurrent.Aot.Generation;\n\nnamespace Demo;\n\n[RecurrentModel(\"keyword-int8.safetensors\", WeightPrecision = RecurrentWeightPrecision.Int8)]\npublic static partial class Keyword;\n", file);
            Assert.Empty(result.Diagnostics);
            Snapshot.Match(GeneratorHarness.ModelSources(result).Single().SourceText.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The generator's own reading of a file declared Int8 (what ModelBuilder packs from).</summary>
    private static InferredModel Infer(byte[] bytes, string path)
    {
        var request = new FileRequest(path, null, null, null, null, null, null, null, null, null, 0, 0, 0, false, null, GeneratedPrecision.Int8);
        var diagnostics = new List<DiagnosticInfo>();
        var inferred = ArchitectureInference.Infer(SafeTensorsReader.Parse(bytes), request, null, diagnostics);
        Assert.True(inferred is not null, string.Join("\n", diagnostics.Select(d => d.ToString())));
        return inferred;
    }
}
