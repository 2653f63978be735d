using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PackageConsumer;
using PackageConsumer.Models;
using Recurrent.Aot;
using Recurrent.Aot.IO;

// Runs PyTorch's example sequence through the embedded model (this project) and the shape-only model (the library,
// weights loaded here), compares both with PyTorch's output, counts the bytes 50 steps allocate after a warm-up, and
// ends with exactly one line: OK (exit 0) or MISMATCH (exit 1).
string folder = Path.Combine(AppContext.BaseDirectory, "models");
var input = Npy.Read(Path.Combine(folder, "example-input.npy"));
var expected = Npy.Read(Path.Combine(folder, "example-expected-output.npy"));
int steps = input.Shape[0];

// Embedded weights, one step at a time on a state that lives on the stack.
SinePredictor.State state = SinePredictor.InitialState;
var embedded = new float[steps * SinePredictor.OutputSize];
for (int t = 0; t < steps; t++)
{
    SinePredictor.Step(input.Data.AsSpan(t * SinePredictor.InputSize, SinePredictor.InputSize), ref state, embedded.AsSpan(t * SinePredictor.OutputSize, SinePredictor.OutputSize));
}

// The library's shape-only model: the file checked against the declared shape and packed once, then the whole sequence.
var loaded = NextStepLstm.Load(Path.Combine(folder, "example-lstm.safetensors"));
NextStepLstm.State loadedState = default;
var sequence = new float[steps * NextStepLstm.OutputSize];
loaded.Run(input.Data, ref loadedState, sequence);

// After the warm-up above, a step of either model allocates nothing.
state = SinePredictor.InitialState;
loadedState = default;
Span<float> output = stackalloc float[SinePredictor.OutputSize];
long before = GC.GetAllocatedBytesForCurrentThread();
for (int t = 0; t < steps; t++)
{
    ReadOnlySpan<float> x = input.Data.AsSpan(t * SinePredictor.InputSize, SinePredictor.InputSize);
    SinePredictor.Step(x, ref state, output);
    loaded.Step(x, ref loadedState, output);
}
long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

float embeddedError = MaxError(expected.Data, embedded);
float loadedError = MaxError(expected.Data, sequence);
Console.WriteLine($"SIMD: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}");
Console.WriteLine($"CPU: {RuntimeInformation.ProcessArchitecture}, AdvSimd {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}, Avx2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}; runtime kernels: {SimdInfo.ActivePath}; {RuntimeInformation.FrameworkDescription}");
Console.WriteLine($"embedded model (this project) vs PyTorch:     max abs error {embeddedError:E2}");
Console.WriteLine($"shape-only model (the library) vs PyTorch:    max abs error {loadedError:E2}");
Console.WriteLine($"bytes allocated by {steps} steps of both models: {allocated}");
bool ok = embeddedError <= 1e-5f && loadedError <= 1e-5f && allocated == 0;
Console.WriteLine(ok ? "OK" : "MISMATCH");
return ok ? 0 : 1;

static float MaxError(float[] expected, float[] actual)
{
    if (expected.Length != actual.Length)
    {
        throw new InvalidOperationException($"PyTorch's output has {expected.Length} values, the model gave {actual.Length}.");
    }
    float max = 0;
    for (int i = 0; i < expected.Length; i++)
    {
        max = MathF.Max(max, MathF.Abs(expected[i] - actual[i]));
    }
    return max;
}
