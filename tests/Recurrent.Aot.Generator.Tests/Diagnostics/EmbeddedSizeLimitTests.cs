extern alias GeneratorAssembly;

using GeneratorAssembly::Recurrent.Aot.Generator.Model;
using GeneratorAssembly::Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Tests.Diagnostics;

// The generator's compiled copies of the runtime's enums and its ModelSpec, not the runtime's types of the same names
// in the enclosing namespace Recurrent.Aot (the generator's ModelSpec takes the generator's enums).
using Activation = GeneratorAssembly::Recurrent.Aot.Activation;
using CellKind = GeneratorAssembly::Recurrent.Aot.CellKind;
using GruResetMode = GeneratorAssembly::Recurrent.Aot.GruResetMode;
using HeadActivation = GeneratorAssembly::Recurrent.Aot.HeadActivation;
using ModelSpec = GeneratorAssembly::Recurrent.Aot.Generator.Model.ModelSpec;
using WeightPrecision = GeneratorAssembly::Recurrent.Aot.WeightPrecision;

/// <summary>The size check behind RAOT010, as a pure function of the model's shape: no large file needed.</summary>
public sealed class EmbeddedSizeLimitTests
{
    [Fact]
    public void Packed_bytes_match_what_the_packer_produces_padding_included()
    {
        // Hidden 20 pads to 24 units (panels of 8); the projection and the head are packed too.
        var spec = Spec(CellKind.Lstm, input: 5, hidden: 20, layers: 2, bidirectional: true, projSize: 12, headSize: 3);
        float[] packed = WeightPacker.Pack(ModelPlanner.Plan(spec), new float[spec.ParameterCount]);
        Assert.Equal(packed.Length * 4L, EmbeddedSizeLimit.PackedBytes(new PackedLayout(spec)));
    }

    [Fact]
    public void A_model_well_under_the_limit_passes()
    {
        // LSTM 512 x 512: 2,099,200 floats, about 8 MB packed.
        var spec = Spec(CellKind.Lstm, input: 512, hidden: 512);
        Assert.Equal(2_099_200L * 4, EmbeddedSizeLimit.PackedBytes(new PackedLayout(spec)));
        Assert.Null(EmbeddedSizeLimit.Check(ModelPlanner.Plan(spec), "models/medium.safetensors", location: null));
    }

    [Fact]
    public void A_model_over_the_limit_is_reported_with_its_file_size_and_limit()
    {
        // GRU 1024 x 1024 with the original reset convention: 64 panels of 16 x (3 + 1024·3 + 1024·2 + 1024) floats, about 24 MB.
        var spec = Spec(CellKind.Gru, input: 1024, hidden: 1024, resetBefore: true);
        long bytes = EmbeddedSizeLimit.PackedBytes(new PackedLayout(spec));
        Assert.Equal(1024L * 6147 * 4, bytes);

        var diagnostic = EmbeddedSizeLimit.Check(ModelPlanner.Plan(spec), "models/big.safetensors", location: null);

        Assert.NotNull(diagnostic);
        Assert.Equal("RAOT010", diagnostic.Descriptor.Id);
        Assert.Equal(["models/big.safetensors", bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), "15,728,640", "Gru"], diagnostic.Arguments.AsSpan().ToArray());
    }

    [Fact]
    public void The_largest_valid_shape_is_counted_in_64_bits()
    {
        // 16 bidirectional layers of LSTM 4096 x 4096 with a head: over 2^31 floats, which a 32-bit sum would wrap.
        var spec = Spec(CellKind.Lstm, input: 4096, hidden: 4096, layers: 16, bidirectional: true, headSize: 4096);
        long bytes = EmbeddedSizeLimit.PackedBytes(new PackedLayout(spec));
        long cell0 = 256L * 16 * (4 + (4096 * 4) + (4096 * 4));
        long deeper = 256L * 16 * (4 + (8192 * 4) + (4096 * 4));
        long head = 256L * 16 * (1 + 8192);
        Assert.Equal(4 * ((2 * cell0) + (30 * deeper) + head), bytes);
        Assert.True(bytes / 4 > int.MaxValue);
        Assert.NotNull(EmbeddedSizeLimit.Check(ModelPlanner.Plan(spec), "huge.safetensors", location: null));
    }

    private static ModelSpec Spec(CellKind kind, int input, int hidden, int layers = 1, bool bidirectional = false, int projSize = 0, int headSize = 0, bool resetBefore = false)
        => new(kind, input, hidden, layers, bidirectional, projSize, HasBias: true, Activation.Sigmoid, Activation.Tanh, Activation.Tanh, resetBefore ? GruResetMode.BeforeMatmul : GruResetMode.AfterMatmul, headSize, HeadHasBias: headSize > 0, HeadActivation.None);
}
