using Recurrent.Aot.IO;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Precision;

/// <summary>
/// The reduced-precision file format (docs/file-format.md): conversion round trips, loading a reduced file with and
/// without asking for its precision, and every malformed scale refused with a message naming the tensor.
/// </summary>
public sealed class ReducedFileTests
{
    private static readonly ModelSpec Spec = new()
    {
        Cell = new CellSpec { Kind = CellKind.Lstm, InputSize = 5, HiddenSize = 12, ProjSize = 7 },
        Layers = 2,
        Bidirectional = true,
        Head = new HeadSpec { OutputSize = 3, HasBias = true },
    };

    /// <summary>A float32 file of <see cref="Spec"/> under the prefix <c>lstm.</c> with a <c>fc</c> head and an extra non-float tensor.</summary>
    private static SafeTensorsFile Float32File()
    {
        var random = new Random(11);
        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "lstm.", Spec, RandomWeights.For(Spec, random));
        HeadWeights head = RandomWeights.Head(Spec, random)!;
        writer.Add("fc.weight", head.Weight, 3, 14);
        writer.Add("fc.bias", head.Bias!, 3);
        writer.AddRaw("step", TensorDType.I64, BitConverter.GetBytes(42L));
        writer.Metadata[RecurrentMetadataKeys.Head] = "fc";
        writer.Metadata["note"] = "kept";
        return TorchFiles.Parse(writer);
    }

    private static float[] RunOnce(RecurrentModel model)
    {
        var random = new Random(3);
        float[] inputs = RandomWeights.Uniform(random, 9 * model.InputSize, 1f);
        var state = new float[model.StateSize];
        var outputs = new float[9 * model.OutputSize];
        model.Run(inputs, state, outputs, model.CreateWorkspace(9));
        return [.. outputs, .. state];
    }

    [Theory]
    [InlineData(WeightPrecision.BFloat16)]
    [InlineData(WeightPrecision.Int8)]
    public void A_converted_file_loaded_at_its_precision_runs_exactly_as_the_float32_file_asked_for_it(WeightPrecision precision)
    {
        SafeTensorsFile original = Float32File();
        SafeTensorsFile converted = ReducedModels.Convert(original, precision);

        RecurrentModel atLoad = RecurrentModel.FromSafeTensors(original, new ModelLoadOptions { WeightPrecision = precision });
        RecurrentModel fromFile = RecurrentModel.FromSafeTensors(converted, new ModelLoadOptions { WeightPrecision = precision });

        Assert.Equal(precision, fromFile.WeightPrecision);
        Assert.Equal(RunOnce(atLoad), RunOnce(fromFile));
        // bfloat16 streams exactly half the bytes; int8 a quarter plus one float32 scale per row (here small rows, so more).
        long float32Bytes = RecurrentModel.FromSafeTensors(original).WeightBytes;
        if (precision == WeightPrecision.BFloat16)
            Assert.Equal(float32Bytes / 2, fromFile.WeightBytes);
        else
            Assert.InRange(fromFile.WeightBytes, float32Bytes / 4 + 1, float32Bytes / 2 - 1);
    }

    [Theory]
    [InlineData(WeightPrecision.BFloat16)]
    [InlineData(WeightPrecision.Int8)]
    public void A_converted_file_loaded_without_asking_runs_float32_over_the_stored_values(WeightPrecision precision)
    {
        SafeTensorsFile original = Float32File();
        SafeTensorsFile converted = ReducedModels.Convert(original, precision);

        RecurrentModel plain = RecurrentModel.FromSafeTensors(converted);

        Assert.Equal(WeightPrecision.Float32, plain.WeightPrecision);
        Assert.Equal(RunOnce(ReducedModels.Float32Equivalent(original, precision)), RunOnce(plain));
    }

    [Theory]
    [InlineData(WeightPrecision.BFloat16, "BF16")]
    [InlineData(WeightPrecision.Int8, "I8")]
    public void Conversion_stores_the_matrices_reduced_and_keeps_every_other_tensor_and_the_metadata(WeightPrecision precision, string dtype)
    {
        SafeTensorsFile original = Float32File();
        SafeTensorsFile converted = ReducedModels.Convert(original, precision);

        string[] matrices = ["lstm.weight_ih_l0", "lstm.weight_hh_l1_reverse", "lstm.weight_hr_l1", "fc.weight"];
        foreach (string name in matrices)
        {
            Assert.Equal(dtype, converted.GetTensor(name).DType.ToString());
            Assert.Equal(original.GetTensor(name).Shape, converted.GetTensor(name).Shape);
            Assert.Equal(precision == WeightPrecision.Int8, converted.TryGetTensor(name + "_scale", out _));
        }

        foreach (string name in new[] { "lstm.bias_ih_l0", "fc.bias", "step" })
            Assert.Equal(original.GetBytes(original.GetTensor(name)).ToArray(), converted.GetBytes(converted.GetTensor(name)).ToArray());
        Assert.Equal("kept", converted.Metadata["note"]);
        Assert.Equal(precision == WeightPrecision.Int8 ? "int8" : "bfloat16", converted.Metadata[RecurrentMetadataKeys.WeightPrecision]);
    }

    [Theory]
    [InlineData(WeightPrecision.BFloat16)]
    [InlineData(WeightPrecision.Int8)]
    public void An_already_reduced_file_is_not_converted_again(WeightPrecision precision)
    {
        SafeTensorsFile converted = ReducedModels.Convert(Float32File(), precision);
        var error = Assert.Throws<WeightsFormatException>(() => WeightPrecisionConverter.Convert(converted, WeightPrecision.Int8));
        Assert.Contains("already", error.Message, StringComparison.Ordinal);
        Assert.Contains("float32 original", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_weight_cannot_be_quantized_and_is_named()
    {
        var writer = new SafeTensorsWriter();
        CellSpec cell = Spec.Cell with { ProjSize = 0 };
        CellWeights weights = RandomWeights.For(cell, new Random(1));
        weights.WeightHh[13] = float.NaN;
        TorchFiles.AddCell(writer, "", "_l0", cell, weights);
        SafeTensorsFile file = TorchFiles.Parse(writer);

        var convert = Assert.Throws<WeightsFormatException>(() => WeightPrecisionConverter.Convert(file, WeightPrecision.Int8));
        Assert.Contains("weight_hh_l0 row 1", convert.Message, StringComparison.Ordinal);
        var load = Assert.Throws<WeightsFormatException>(() => RecurrentModel.FromSafeTensors(file, new ModelLoadOptions { WeightPrecision = WeightPrecision.Int8 }));
        Assert.Contains("weight_hh", load.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> BadScales() => new()
    {
        { "missing", ["lstm.weight_hh_l0_scale", "missing", "(48)"] },
        { "zero", ["lstm.weight_hh_l0_scale[5]", "is 0", "greater than zero"] },
        { "negative", ["lstm.weight_hh_l0_scale[5]", "is -0.5"] },
        { "nan", ["lstm.weight_hh_l0_scale[5]", "NaN"] },
        { "infinite", ["lstm.weight_hh_l0_scale[5]", "finite"] },
        { "wrong shape", ["lstm.weight_hh_l0_scale", "(47)", "expected (48)"] },
        { "two dimensions", ["lstm.weight_hh_l0_scale", "(48, 1)", "expected (48)"] },
        { "wrong dtype", ["lstm.weight_hh_l0_scale", "F64", "expected F32"] },
        { "scale of a float weight", ["lstm.weight_ih_l0_scale", "only to an I8"] },
        { "declared int8 but float", ["lstm.weight_ih_l0", "F32", "int8"] },
    };

    [Theory]
    [MemberData(nameof(BadScales))]
    public void A_bad_scale_is_refused_naming_the_tensor(string fault, string[] expected)
    {
        SafeTensorsFile good = ReducedModels.Convert(Float32File(), WeightPrecision.Int8);
        const string target = "lstm.weight_hh_l0_scale";
        var writer = new SafeTensorsWriter();
        foreach (var (key, value) in good.Metadata)
            writer.Metadata[key] = value;
        foreach (TensorInfo tensor in good.Tensors)
        {
            bool floatIh = fault is "declared int8 but float" or "scale of a float weight";
            if (floatIh && tensor.Name is "lstm.weight_ih_l0" or "lstm.weight_ih_l0_scale")
                continue;
            if (tensor.Name != target)
            {
                writer.AddRaw(tensor.Name, tensor.DType, good.GetBytes(tensor), tensor.Shape);
                continue;
            }

            float[] scales = good.ReadFloat32(target);
            switch (fault)
            {
                case "missing":
                    break;
                case "zero":
                    scales[5] = 0f;
                    writer.Add(target, scales, 48);
                    break;
                case "negative":
                    scales[5] = -0.5f;
                    writer.Add(target, scales, 48);
                    break;
                case "nan":
                    scales[5] = float.NaN;
                    writer.Add(target, scales, 48);
                    break;
                case "infinite":
                    scales[5] = float.PositiveInfinity;
                    writer.Add(target, scales, 48);
                    break;
                case "wrong shape":
                    writer.Add(target, scales.AsSpan(0, 47), 47);
                    break;
                case "two dimensions":
                    writer.Add(target, scales, 48, 1);
                    break;
                case "wrong dtype":
                    writer.AddRaw(target, TensorDType.F64, [.. scales.SelectMany(s => BitConverter.GetBytes((double)s))], 48);
                    break;
                default:
                    writer.AddRaw(tensor.Name, tensor.DType, good.GetBytes(tensor), tensor.Shape);
                    break;
            }
        }

        if (fault is "declared int8 but float" or "scale of a float weight")
            writer.Add("lstm.weight_ih_l0", new float[48 * 5], 48, 5);
        if (fault == "scale of a float weight")
        {
            // Without the int8 declaration, so the refusal is about the scale itself.
            writer.Add("lstm.weight_ih_l0_scale", Enumerable.Repeat(1f, 48).ToArray(), 48);
            writer.Metadata.Remove(RecurrentMetadataKeys.WeightPrecision);
        }

        SafeTensorsFile bad = TorchFiles.Parse(writer);
        foreach (WeightPrecision precision in Enum.GetValues<WeightPrecision>())
        {
            var error = Assert.Throws<WeightsFormatException>(() => RecurrentModel.FromSafeTensors(bad, new ModelLoadOptions { WeightPrecision = precision }));
            foreach (string part in expected)
                Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
    }
}
