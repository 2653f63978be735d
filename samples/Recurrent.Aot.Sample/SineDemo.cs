using Recurrent.Aot.IO;

namespace Recurrent.Aot.Sample;

/// <summary>What the demo measured.</summary>
/// <param name="EmbeddedError">Max |embedded model − PyTorch| over the example sequence.</param>
/// <param name="LoadedError">Max |shape-only model loaded at run time − PyTorch|.</param>
/// <param name="BytesAllocated">Heap bytes allocated by 50 streaming steps after one warm-up sequence.</param>
public sealed record DemoResult(float EmbeddedError, float LoadedError, long BytesAllocated);

/// <summary>Runs the example sequence through both generated models and compares with PyTorch's output.</summary>
public static class SineDemo
{
    public static DemoResult Run(string modelsFolder)
    {
        var input = Npy.Read(Path.Combine(modelsFolder, "example-input.npy"));
        var expected = Npy.Read(Path.Combine(modelsFolder, "example-expected-output.npy"));
        int steps = input.Shape[0];

        // Embedded weights, streaming: one step at a time on a state that lives on the stack.
        SinePredictor.State state = default;
        var embedded = new float[steps * SinePredictor.OutputSize];
        for (int t = 0; t < steps; t++)
        {
            SinePredictor.Step(input.Data.AsSpan(t * SinePredictor.InputSize, SinePredictor.InputSize), ref state, embedded.AsSpan(t, 1));
        }

        // Shape-only model: weights checked against the declaration and packed once, then a whole sequence (N→N).
        var loaded = NextStepLstm.Load(Path.Combine(modelsFolder, "example-lstm.safetensors"));
        NextStepLstm.State loadedState = default;
        var sequence = new float[steps * NextStepLstm.OutputSize];
        loaded.Run(input.Data, ref loadedState, sequence);

        // Real-time check: after warm-up, a step allocates nothing.
        state.Reset();
        Span<float> output = stackalloc float[SinePredictor.OutputSize];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < steps; t++)
        {
            SinePredictor.Step(input.Data.AsSpan(t * SinePredictor.InputSize, SinePredictor.InputSize), ref state, output);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        return new DemoResult(MaxError(expected.Data, embedded), MaxError(expected.Data, sequence), allocated);
    }

    private static float MaxError(float[] expected, float[] actual)
    {
        float max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(expected[i] - actual[i]));
        }
        return max;
    }
}
