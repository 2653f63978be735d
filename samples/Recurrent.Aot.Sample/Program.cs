using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Recurrent.Aot;
using Recurrent.Aot.Sample;

// Compares the generated models with PyTorch on the README's example and exits non-zero on a mismatch.
string folder = Path.Combine(AppContext.BaseDirectory, "models");
var result = SineDemo.Run(folder);
Console.WriteLine($"SIMD: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}");
Console.WriteLine($"CPU: {RuntimeInformation.ProcessArchitecture}, AdvSimd {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}, Avx2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}; kernels: {SimdInfo.ActivePath}");
Console.WriteLine($"embedded model vs PyTorch: max abs error {result.EmbeddedError:E2}");
Console.WriteLine($"loaded model vs PyTorch:   max abs error {result.LoadedError:E2}");
Console.WriteLine($"bytes allocated by 50 steps after warm-up: {result.BytesAllocated}");
bool ok = result.EmbeddedError <= 1e-5f && result.LoadedError <= 1e-5f && result.BytesAllocated == 0;
Console.WriteLine(ok ? "OK" : "MISMATCH");
return ok ? 0 : 1;
