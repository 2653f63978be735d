using System.Reflection;
using System.Runtime.Intrinsics;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.TestSupport;
using Xunit.Abstractions;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>
/// Which branch the generated kernels take in this process (the generated <c>KernelBranch</c> property) and,
/// when .ci/run says which path the run is meant to take (RECURRENT_EXPECT_SIMD_PATH), that it is that one.
/// A model whose panels fill a 512-bit vector has a 512-bit branch; narrower panels stop at 256 bits.
/// </summary>
public sealed class KernelBranchTests(ITestOutputHelper output)
{
    private const string Source = """
        using Recurrent.Aot.Generation;

        namespace Branches;

        [Lstm(InputSize = 3, HiddenSize = 32)]
        public sealed partial class Wide;

        [Gru(InputSize = 3, HiddenSize = 5)]
        public sealed partial class Narrow;

        [RecurrentModel("pytorch/lstm_odd_3x5.safetensors")]
        public static partial class Embedded;
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (result, compilation) = GeneratorHarness.Run(Source, GeneratorHarness.Fixture("pytorch/lstm_odd_3x5.safetensors"));
        Assert.Empty(result.Diagnostics);
        return GeneratorHarness.Load(compilation);
    });

    [Fact]
    public void Kernel_branch_is_the_widest_accelerated_one_the_model_has()
    {
        string widest = WidestAccelerated();
        Assert.Equal(widest, Branch("Wide"));
        Assert.Equal(SimdExpectation.Narrower(widest, "Vector256"), Branch("Narrow"));
        Assert.Equal(SimdExpectation.Narrower(widest, "Vector256"), Branch("Embedded"));
    }

    [Fact]
    public void Kernel_branch_is_the_one_this_run_expects()
    {
        string? expected = SimdExpectation.Expected;
        string wide = Branch("Wide"), narrow = Branch("Narrow");
        if (expected is null)
        {
            output.WriteLine(SimdExpectation.NotSetMessage($"{wide} for a model with 512-bit panels, {narrow} for one without"));
            return;
        }

        output.WriteLine($"{SimdExpectation.Variable}={expected}; generated kernels take {wide} (512-bit panels) and {narrow} (narrower panels)");
        Assert.True(expected == wide, $"This run was meant to take the {expected} path but a generated model with 512-bit panels runs its {wide} branch.");
        string narrowExpected = SimdExpectation.Narrower(expected, "Vector256");
        Assert.True(narrowExpected == narrow, $"This run was meant to take the {expected} path, so a model without a 512-bit branch should run {narrowExpected}, but it runs {narrow}.");
    }

    /// <summary>The model's KernelBranch ("V512", ..., "Scalar") as a SimdPath name ("Vector512", ..., "Scalar").</summary>
    private static string Branch(string model)
    {
        var type = Compiled.Value.GetType("Branches." + model) ?? throw new InvalidOperationException("No model " + model);
        var value = (string)type.GetProperty("KernelBranch", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return value switch
        {
            "V512" => "Vector512",
            "V256" => "Vector256",
            "V128" => "Vector128",
            "Scalar" => "Scalar",
            _ => throw new InvalidOperationException($"{model}.KernelBranch is '{value}'."),
        };
    }

    private static string WidestAccelerated()
        => Vector512.IsHardwareAccelerated ? "Vector512"
        : Vector256.IsHardwareAccelerated ? "Vector256"
        : Vector128.IsHardwareAccelerated ? "Vector128"
        : "Scalar";
}
