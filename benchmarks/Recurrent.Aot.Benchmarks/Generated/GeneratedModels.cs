using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// Finds the generated model of a shape, for the modes that choose models at run time. Only the one-layer
/// models are listed: those modes compare single cells, and the stacked models serve the sequence suite.
/// </summary>
public static class GeneratedModels
{
    private static readonly Dictionary<ModelShape, Func<IStepper>> Factories = new()
    {
        [GeneratedLstm1x8.Shape] = () => new GeneratedStepper<GeneratedLstm1x8, GeneratedLstm1x8.State>(),
        [GeneratedLstm1x16.Shape] = () => new GeneratedStepper<GeneratedLstm1x16, GeneratedLstm1x16.State>(),
        [GeneratedLstm8x32.Shape] = () => new GeneratedStepper<GeneratedLstm8x32, GeneratedLstm8x32.State>(),
        [GeneratedLstm16x64.Shape] = () => new GeneratedStepper<GeneratedLstm16x64, GeneratedLstm16x64.State>(),
        [GeneratedLstm32x128.Shape] = () => new GeneratedStepper<GeneratedLstm32x128, GeneratedLstm32x128.State>(),
        [GeneratedLstm64x256.Shape] = () => new GeneratedStepper<GeneratedLstm64x256, GeneratedLstm64x256.State>(),
        [GeneratedGru1x8.Shape] = () => new GeneratedStepper<GeneratedGru1x8, GeneratedGru1x8.State>(),
        [GeneratedGru1x16.Shape] = () => new GeneratedStepper<GeneratedGru1x16, GeneratedGru1x16.State>(),
        [GeneratedGru8x32.Shape] = () => new GeneratedStepper<GeneratedGru8x32, GeneratedGru8x32.State>(),
        [GeneratedGru16x64.Shape] = () => new GeneratedStepper<GeneratedGru16x64, GeneratedGru16x64.State>(),
        [GeneratedGru32x128.Shape] = () => new GeneratedStepper<GeneratedGru32x128, GeneratedGru32x128.State>(),
        [GeneratedGru64x256.Shape] = () => new GeneratedStepper<GeneratedGru64x256, GeneratedGru64x256.State>(),
    };

    public static IStepper Create(ModelShape shape) =>
        Factories.TryGetValue(shape, out Func<IStepper>? factory)
            ? factory()
            : throw new ArgumentException(
                $"No generated model is declared for {shape}; declared: {string.Join(", ", Factories.Keys.Order())}.", nameof(shape));
}
