using BenchmarkDotNet.Attributes;
using Recurrent.Aot.Benchmarks.Ceilings;

namespace Recurrent.Aot.Benchmarks.PanelWalk;

/// <summary>
/// The panel walk alone (no activations, no state), per way of storing the weights, at panel sizes that sit in L2
/// (1 block), just past this class of machine's 1 MiB L2 in float32 (16 blocks: LSTM (64, 256)'s 320 columns) and in
/// L3 (64 blocks). Tells whether a format is limited by its bytes or by its widening: a bandwidth-bound walk speeds up
/// with fewer bytes, a widening-bound one runs at the same GFLOP/s at every size. 512-bit vectors (software-emulated,
/// and meaningless, where AVX-512 is not accelerated). GFLOP/s = 2 · weights / time; bytes = weights × element size.
/// </summary>
[BenchmarkCategory(BenchmarkConfig.StepCategory)]
public unsafe class PanelWalkBenchmarks : IDisposable
{
    /// <summary>Columns per block: LSTM (64, 256)'s 64 inputs + 256 hidden.</summary>
    public const int Columns = 320;

    private AlignedFloatBuffer panel = null!;
    private AlignedFloatBuffer inputs = null!;

    [Params(1, 16, 64)]
    public int Blocks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int weights = Blocks * Columns * PanelWalkKernels.ColumnStride;

        // One buffer serves every format (each reads its first weights × element size bytes). Every 32-bit word holds
        // two bfloat16 values of [0.5, 1), so it is a finite float32 too and no format meets a NaN or a subnormal.
        panel = new AlignedFloatBuffer(weights, seed: 16);
        inputs = new AlignedFloatBuffer(Columns, seed: 17);
        var random = new Random(18);
        var words = new Span<uint>(panel.Start, weights);
        for (int i = 0; i < words.Length; i++)
            words[i] = (uint)((0x3F00 | random.Next(0x80)) << 16 | (0x3F00 | random.Next(0x80)));
    }

    [Benchmark(Baseline = true)]
    public float Float32Weights() => PanelWalkKernels.Float32Weights(panel.Start, inputs.Start, Columns, Blocks);

    [Benchmark]
    public float BFloat16Widened() => PanelWalkKernels.BFloat16Widened((ushort*)panel.Start, inputs.Start, Columns, Blocks);

    [Benchmark]
    public float BFloat16Paired() => PanelWalkKernels.BFloat16Paired((ushort*)panel.Start, inputs.Start, Columns, Blocks);

    [Benchmark]
    public float Int8Widened() => PanelWalkKernels.Int8Widened((sbyte*)panel.Start, inputs.Start, Columns, Blocks);

    [GlobalCleanup]
    public void Dispose()
    {
        panel?.Dispose();
        inputs?.Dispose();
        GC.SuppressFinalize(this);
    }
}
