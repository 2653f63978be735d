using System.Runtime.Intrinsics;
using Recurrent.Aot.Tests.Support;
using Recurrent.Aot.TestSupport;
using Xunit.Abstractions;

namespace Recurrent.Aot.Tests.Kernels;

/// <summary>Reports the SIMD path of this run (CI repeats the suite with narrower ISAs) and checks the runtime agrees.</summary>
public sealed class SimdDispatchTests(ITestOutputHelper output)
{
    [Fact]
    public void The_active_path_is_the_widest_accelerated_vector_width()
    {
        output.WriteLine($"Vector512={Vector512.IsHardwareAccelerated} Vector256={Vector256.IsHardwareAccelerated} Vector128={Vector128.IsHardwareAccelerated} -> {SimdInfo.ActivePath}, {SimdInfo.Lanes} lanes");
        SimdPath expected = Vector512.IsHardwareAccelerated ? SimdPath.Vector512
            : Vector256.IsHardwareAccelerated ? SimdPath.Vector256
            : Vector128.IsHardwareAccelerated ? SimdPath.Vector128
            : SimdPath.Scalar;
        Assert.Equal(expected, SimdInfo.ActivePath);
        int expectedLanes = expected switch { SimdPath.Vector512 => 16, SimdPath.Vector256 => 8, SimdPath.Vector128 => 4, _ => 1 };
        Assert.Equal(expectedLanes, SimdInfo.Lanes);
    }

    [Fact]
    public void The_active_path_is_the_one_this_run_expects()
    {
        string? expected = SimdExpectation.Expected;
        if (expected is null)
        {
            output.WriteLine(SimdExpectation.NotSetMessage(SimdInfo.ActivePath.ToString()));
            return;
        }

        output.WriteLine($"{SimdExpectation.Variable}={expected}; active path {SimdInfo.ActivePath}");
        var path = Enum.Parse<SimdPath>(expected);
        Assert.True(path == SimdInfo.ActivePath,
            $"This run was meant to take the {expected} path but the runtime dispatches to {SimdInfo.ActivePath} " +
            $"(Vector512={Vector512.IsHardwareAccelerated}, Vector256={Vector256.IsHardwareAccelerated}, Vector128={Vector128.IsHardwareAccelerated}).");

        // The kernels assert that a cell was packed for the width they run, so the packing shows the kernels' path too.
        var spec = new CellSpec { Kind = CellKind.Gru, InputSize = 3, HiddenSize = 5 };
        RecurrentCell cell = RecurrentCell.Create(spec, RandomWeights.For(spec, new Random(1)));
        int lanes = path switch { SimdPath.Vector512 => 16, SimdPath.Vector256 => 8, SimdPath.Vector128 => 4, _ => 1 };
        Assert.Equal(lanes, cell.Packed.Lanes);
    }

    [Fact]
    public void Cells_are_packed_for_the_active_path()
    {
        var spec = new CellSpec { Kind = CellKind.Lstm, InputSize = 3, HiddenSize = 5 };
        RecurrentCell cell = RecurrentCell.Create(spec, RandomWeights.For(spec, new Random(1)));
        Assert.Equal(SimdInfo.Lanes, cell.Packed.Lanes);
        Assert.Equal((5 + SimdInfo.Lanes - 1) / SimdInfo.Lanes, cell.Packed.Blocks);
    }
}
