using System.Runtime.Intrinsics;
using Recurrent.Aot.Tests.Support;
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
    public void Cells_are_packed_for_the_active_path()
    {
        var spec = new CellSpec { Kind = CellKind.Lstm, InputSize = 3, HiddenSize = 5 };
        RecurrentCell cell = RecurrentCell.Create(spec, RandomWeights.For(spec, new Random(1)));
        Assert.Equal(SimdInfo.Lanes, cell.Packed.Lanes);
        Assert.Equal((5 + SimdInfo.Lanes - 1) / SimdInfo.Lanes, cell.Packed.Blocks);
    }
}
