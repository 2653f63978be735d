using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// The generated models of one shape with float32, bfloat16 and int8 weights, for
/// <see cref="GeneratedPrecisionBenchmarks{TModels}"/>: one short type argument per shape keeps BenchmarkDotNet's result
/// file names within the path limit, which three stepper types per benchmark class exceeded.
/// </summary>
public interface IPrecisionModels
{
    static abstract IStepper WithFloat32Weights();

    static abstract IStepper WithBFloat16Weights();

    static abstract IStepper WithInt8Weights();
}

public sealed class Lstm32x128Precisions : IPrecisionModels
{
    public static IStepper WithFloat32Weights() => new GeneratedStepper<GeneratedLstm32x128, GeneratedLstm32x128.State>();

    public static IStepper WithBFloat16Weights() => new GeneratedStepper<GeneratedLstm32x128BFloat16, GeneratedLstm32x128BFloat16.State>();

    public static IStepper WithInt8Weights() => new GeneratedStepper<GeneratedLstm32x128Int8, GeneratedLstm32x128Int8.State>();
}

public sealed class Lstm64x256Precisions : IPrecisionModels
{
    public static IStepper WithFloat32Weights() => new GeneratedStepper<GeneratedLstm64x256, GeneratedLstm64x256.State>();

    public static IStepper WithBFloat16Weights() => new GeneratedStepper<GeneratedLstm64x256BFloat16, GeneratedLstm64x256BFloat16.State>();

    public static IStepper WithInt8Weights() => new GeneratedStepper<GeneratedLstm64x256Int8, GeneratedLstm64x256Int8.State>();
}

public sealed class Gru32x128Precisions : IPrecisionModels
{
    public static IStepper WithFloat32Weights() => new GeneratedStepper<GeneratedGru32x128, GeneratedGru32x128.State>();

    public static IStepper WithBFloat16Weights() => new GeneratedStepper<GeneratedGru32x128BFloat16, GeneratedGru32x128BFloat16.State>();

    public static IStepper WithInt8Weights() => new GeneratedStepper<GeneratedGru32x128Int8, GeneratedGru32x128Int8.State>();
}

public sealed class Gru64x256Precisions : IPrecisionModels
{
    public static IStepper WithFloat32Weights() => new GeneratedStepper<GeneratedGru64x256, GeneratedGru64x256.State>();

    public static IStepper WithBFloat16Weights() => new GeneratedStepper<GeneratedGru64x256BFloat16, GeneratedGru64x256BFloat16.State>();

    public static IStepper WithInt8Weights() => new GeneratedStepper<GeneratedGru64x256Int8, GeneratedGru64x256Int8.State>();
}
