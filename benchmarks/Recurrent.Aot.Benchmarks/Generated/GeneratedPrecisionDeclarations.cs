using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Generation;

namespace Recurrent.Aot.Benchmarks.Generated;

// Shape-only declarations with reduced-precision weights, for the precision suite: the float32 models of the same
// shapes are GeneratedModelDeclarations.cs's. FromParameters rounds (bfloat16) or quantizes (int8, per row) the
// seeded weights once, as the runtime cell does with the same WeightPrecision.

[Lstm(InputSize = 32, HiddenSize = 128, WeightPrecision = RecurrentWeightPrecision.BFloat16)]
public sealed partial class GeneratedLstm32x128BFloat16 : IGeneratedCell<GeneratedLstm32x128BFloat16, GeneratedLstm32x128BFloat16.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 32, HiddenSize = 128, WeightPrecision = RecurrentWeightPrecision.Int8)]
public sealed partial class GeneratedLstm32x128Int8 : IGeneratedCell<GeneratedLstm32x128Int8, GeneratedLstm32x128Int8.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 64, HiddenSize = 256, WeightPrecision = RecurrentWeightPrecision.BFloat16)]
public sealed partial class GeneratedLstm64x256BFloat16 : IGeneratedCell<GeneratedLstm64x256BFloat16, GeneratedLstm64x256BFloat16.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 64, HiddenSize = 256, WeightPrecision = RecurrentWeightPrecision.Int8)]
public sealed partial class GeneratedLstm64x256Int8 : IGeneratedCell<GeneratedLstm64x256Int8, GeneratedLstm64x256Int8.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Gru(InputSize = 32, HiddenSize = 128, WeightPrecision = RecurrentWeightPrecision.BFloat16)]
public sealed partial class GeneratedGru32x128BFloat16 : IGeneratedCell<GeneratedGru32x128BFloat16, GeneratedGru32x128BFloat16.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 32, HiddenSize = 128, WeightPrecision = RecurrentWeightPrecision.Int8)]
public sealed partial class GeneratedGru32x128Int8 : IGeneratedCell<GeneratedGru32x128Int8, GeneratedGru32x128Int8.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 64, HiddenSize = 256, WeightPrecision = RecurrentWeightPrecision.BFloat16)]
public sealed partial class GeneratedGru64x256BFloat16 : IGeneratedCell<GeneratedGru64x256BFloat16, GeneratedGru64x256BFloat16.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 64, HiddenSize = 256, WeightPrecision = RecurrentWeightPrecision.Int8)]
public sealed partial class GeneratedGru64x256Int8 : IGeneratedCell<GeneratedGru64x256Int8, GeneratedGru64x256Int8.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}
