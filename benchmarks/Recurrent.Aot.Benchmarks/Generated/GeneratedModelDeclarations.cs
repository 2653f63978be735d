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

// The same shapes with FastActivations = true: sigmoid and tanh with shorter dependency chains
// (max abs error 2.4e-7 and 4.2e-7 instead of 1.5e-7).

[Lstm(InputSize = 1, HiddenSize = 8, FastActivations = true)]
public sealed partial class GeneratedLstm1x8Fast : IGeneratedCell<GeneratedLstm1x8Fast, GeneratedLstm1x8Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 1, HiddenSize = 16, FastActivations = true)]
public sealed partial class GeneratedLstm1x16Fast : IGeneratedCell<GeneratedLstm1x16Fast, GeneratedLstm1x16Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 8, HiddenSize = 32, FastActivations = true)]
public sealed partial class GeneratedLstm8x32Fast : IGeneratedCell<GeneratedLstm8x32Fast, GeneratedLstm8x32Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 16, HiddenSize = 64, FastActivations = true)]
public sealed partial class GeneratedLstm16x64Fast : IGeneratedCell<GeneratedLstm16x64Fast, GeneratedLstm16x64Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 32, HiddenSize = 128, FastActivations = true)]
public sealed partial class GeneratedLstm32x128Fast : IGeneratedCell<GeneratedLstm32x128Fast, GeneratedLstm32x128Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Lstm(InputSize = 64, HiddenSize = 256, FastActivations = true)]
public sealed partial class GeneratedLstm64x256Fast : IGeneratedCell<GeneratedLstm64x256Fast, GeneratedLstm64x256Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize);
}

[Gru(InputSize = 1, HiddenSize = 8, FastActivations = true)]
public sealed partial class GeneratedGru1x8Fast : IGeneratedCell<GeneratedGru1x8Fast, GeneratedGru1x8Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 1, HiddenSize = 16, FastActivations = true)]
public sealed partial class GeneratedGru1x16Fast : IGeneratedCell<GeneratedGru1x16Fast, GeneratedGru1x16Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 8, HiddenSize = 32, FastActivations = true)]
public sealed partial class GeneratedGru8x32Fast : IGeneratedCell<GeneratedGru8x32Fast, GeneratedGru8x32Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 16, HiddenSize = 64, FastActivations = true)]
public sealed partial class GeneratedGru16x64Fast : IGeneratedCell<GeneratedGru16x64Fast, GeneratedGru16x64Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 32, HiddenSize = 128, FastActivations = true)]
public sealed partial class GeneratedGru32x128Fast : IGeneratedCell<GeneratedGru32x128Fast, GeneratedGru32x128Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

[Gru(InputSize = 64, HiddenSize = 256, FastActivations = true)]
public sealed partial class GeneratedGru64x256Fast : IGeneratedCell<GeneratedGru64x256Fast, GeneratedGru64x256Fast.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize);
}

// Stacked layers (PyTorch num_layers: layer l > 0 takes layer l − 1's h, so weight_ih_l1 is (G·H × H)), for the
// sequence suite only: the step suites, the batch suite and the latency mode compare single cells.

[Lstm(InputSize = 64, HiddenSize = 256, Layers = 2)]
public sealed partial class GeneratedLstm64x256x2 : IGeneratedCell<GeneratedLstm64x256x2, GeneratedLstm64x256x2.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize, Layers);
}

[Gru(InputSize = 64, HiddenSize = 256, Layers = 2)]
public sealed partial class GeneratedGru64x256x2 : IGeneratedCell<GeneratedGru64x256x2, GeneratedGru64x256x2.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Gru, InputSize, HiddenSize, Layers);
}

[Lstm(InputSize = 8, HiddenSize = 32, Layers = 2)]
public sealed partial class GeneratedLstm8x32x2 : IGeneratedCell<GeneratedLstm8x32x2, GeneratedLstm8x32x2.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize, Layers);
}

[Lstm(InputSize = 32, HiddenSize = 128, Layers = 3)]
public sealed partial class GeneratedLstm32x128x3 : IGeneratedCell<GeneratedLstm32x128x3, GeneratedLstm32x128x3.State>
{
    public static ModelShape Shape { get; } = new(CellKind.Lstm, InputSize, HiddenSize, Layers);
}
