using Recurrent.Aot.Benchmarks.Cores;
using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// Finds the generated model of a shape, for the modes that choose models at run time. Only the one-layer
/// models are listed: those modes compare single cells, and the stacked models serve the sequence suite.
/// </summary>
public static class GeneratedModels
{
    private static readonly Dictionary<ModelShape, IKind> Factories = new()
    {
        [GeneratedLstm1x8.Shape] = new Kind<GeneratedLstm1x8, GeneratedLstm1x8.State>(),
        [GeneratedLstm1x16.Shape] = new Kind<GeneratedLstm1x16, GeneratedLstm1x16.State>(),
        [GeneratedLstm8x32.Shape] = new Kind<GeneratedLstm8x32, GeneratedLstm8x32.State>(),
        [GeneratedLstm16x64.Shape] = new Kind<GeneratedLstm16x64, GeneratedLstm16x64.State>(),
        [GeneratedLstm32x128.Shape] = new Kind<GeneratedLstm32x128, GeneratedLstm32x128.State>(),
        [GeneratedLstm64x256.Shape] = new Kind<GeneratedLstm64x256, GeneratedLstm64x256.State>(),
        [GeneratedGru1x8.Shape] = new Kind<GeneratedGru1x8, GeneratedGru1x8.State>(),
        [GeneratedGru1x16.Shape] = new Kind<GeneratedGru1x16, GeneratedGru1x16.State>(),
        [GeneratedGru8x32.Shape] = new Kind<GeneratedGru8x32, GeneratedGru8x32.State>(),
        [GeneratedGru16x64.Shape] = new Kind<GeneratedGru16x64, GeneratedGru16x64.State>(),
        [GeneratedGru32x128.Shape] = new Kind<GeneratedGru32x128, GeneratedGru32x128.State>(),
        [GeneratedGru64x256.Shape] = new Kind<GeneratedGru64x256, GeneratedGru64x256.State>(),
    };

    /// <summary>A stepper on a model of its own (one stream).</summary>
    public static IStepper Create(ModelShape shape) => Find(shape).NewStepper();

    /// <summary>One model that several threads step, each on its own streams (the cores mode).</summary>
    public static ISharedModel CreateShared(ModelShape shape) => Find(shape).NewShared();

    private static IKind Find(ModelShape shape) =>
        Factories.TryGetValue(shape, out IKind? kind)
            ? kind
            : throw new ArgumentException(
                $"No generated model is declared for {shape}; declared: {string.Join(", ", Factories.Keys.Order())}.", nameof(shape));

    /// <summary>What the table knows of one generated model type: how to make its steppers and its shared form.</summary>
    private interface IKind
    {
        IStepper NewStepper();

        ISharedModel NewShared();
    }

    private sealed class Kind<TModel, TState> : IKind
        where TModel : class, IGeneratedCell<TModel, TState>
        where TState : struct
    {
        public IStepper NewStepper() => new GeneratedStepper<TModel, TState>();

        public ISharedModel NewShared() => new GeneratedSharedModel<TModel, TState>();
    }
}
