using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Generation;

namespace Recurrent.Aot.Benchmarks.Generated;

// Shape-only declarations: the generator writes each model's unrolled kernels at compile time, and the
// weights are bound at run time from the same seed as the runtime cell and the scalar baseline.
// The sizes are the ones the generator issue asks for.

[Lstm(InputSize = 1, HiddenSize = 8)]
public sealed partial class GeneratedLstm1x8 : IGeneratedCell<GeneratedLstm1x8, GeneratedLstm1x8.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 1, HiddenSize = 16)]
public sealed partial class GeneratedLstm1x16 : IGeneratedCell<GeneratedLstm1x16, GeneratedLstm1x16.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 8, HiddenSize = 32)]
public sealed partial class GeneratedLstm8x32 : IGeneratedCell<GeneratedLstm8x32, GeneratedLstm8x32.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 16, HiddenSize = 64)]
public sealed partial class GeneratedLstm16x64 : IGeneratedCell<GeneratedLstm16x64, GeneratedLstm16x64.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 32, HiddenSize = 128)]
public sealed partial class GeneratedLstm32x128 : IGeneratedCell<GeneratedLstm32x128, GeneratedLstm32x128.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 64, HiddenSize = 256)]
public sealed partial class GeneratedLstm64x256 : IGeneratedCell<GeneratedLstm64x256, GeneratedLstm64x256.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Gru(InputSize = 1, HiddenSize = 8)]
public sealed partial class GeneratedGru1x8 : IGeneratedCell<GeneratedGru1x8, GeneratedGru1x8.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 1, HiddenSize = 16)]
public sealed partial class GeneratedGru1x16 : IGeneratedCell<GeneratedGru1x16, GeneratedGru1x16.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 8, HiddenSize = 32)]
public sealed partial class GeneratedGru8x32 : IGeneratedCell<GeneratedGru8x32, GeneratedGru8x32.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 16, HiddenSize = 64)]
public sealed partial class GeneratedGru16x64 : IGeneratedCell<GeneratedGru16x64, GeneratedGru16x64.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 32, HiddenSize = 128)]
public sealed partial class GeneratedGru32x128 : IGeneratedCell<GeneratedGru32x128, GeneratedGru32x128.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 64, HiddenSize = 256)]
public sealed partial class GeneratedGru64x256 : IGeneratedCell<GeneratedGru64x256, GeneratedGru64x256.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}
