using System.Reflection;
using System.Runtime.InteropServices;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>
/// The kernels stream the packed weights with 512-bit loads: the weights must start on a 64-byte boundary,
/// for a shape-only model (pinned array + start index) and for embedded weights (aligned native copy).
/// </summary>
public sealed class WeightAlignmentTests
{
    private const string Source = """
        using Recurrent.Aot.Generation;

        namespace Aligned;

        [Lstm(InputSize = 3, HiddenSize = 16)]
        public sealed partial class ShapeOnly;

        [RecurrentModel("pytorch/lstm_odd_3x5.safetensors")]
        public static partial class Embedded;

        public static class Driver
        {
            public static object Bind(float[] parameters) => ShapeOnly.FromParameters(parameters);
        }
        """;

    private static readonly BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    [Fact]
    public void Shape_only_weights_start_on_a_64_byte_boundary()
    {
        var assembly = Compile();
        var type = assembly.GetType("Aligned.ShapeOnly")!;
        int count = (int)type.GetField("ParameterCount")!.GetValue(null)!;
        // Several models, so that a lucky array address cannot pass the test by chance.
        for (int i = 0; i < 8; i++)
        {
            object model = assembly.GetType("Aligned.Driver")!.GetMethod("Bind")!.Invoke(null, [new float[count]])!;
            var storage = (float[])type.GetField("_weights", Private)!.GetValue(model)!;
            nint start = (nint)type.GetField("_start", Private)!.GetValue(model)!;
            long address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(storage, (int)start);
            Assert.Equal(0, address % 64);
            Assert.True(storage.Length - start >= (int)type.GetField("PackedFloats", Private)!.GetValue(null)!);
        }
    }

    [Fact]
    public void Embedded_weights_are_copied_to_a_64_byte_boundary_once()
    {
        var holder = Compile().GetType("Aligned.Embedded+AlignedWeights")!;
        nint address = (nint)holder.GetField("Address")!.GetValue(null)!;
        Assert.NotEqual(0, address);
        Assert.Equal(0, address % 64);
    }

    private static Assembly Compile()
    {
        var (result, output) = GeneratorHarness.Run(Source, GeneratorHarness.Fixture("pytorch/lstm_odd_3x5.safetensors"));
        Assert.Empty(result.Diagnostics);
        return GeneratorHarness.Load(output);
    }
}
