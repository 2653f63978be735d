using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Recurrent.Aot.Training.Cells;

/// <summary>
/// The gate, candidate and cell activations of the LSTM and GRU (the runtime's <see cref="Activation"/> set),
/// applied in place over spans for the forward pass, and differentiated from their outputs for the backward
/// pass: every one of them has a derivative that is a function of its output y, so the cache keeps only y.
/// </summary>
/// <remarks>
/// hard_sigmoid is max(0, min(1, 0.2·x + 0.5)), as the runtime and Keras 2. At the kinks (x = 0 for relu,
/// x = ±2.5 for hard_sigmoid) the derivative taken is that of the flat side, as PyTorch does for relu.
/// </remarks>
internal static class CellActivations
{
    public static void Apply<T>(Activation activation, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(x, y);
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh(x, y);
                break;
            case Activation.Relu:
                TensorPrimitives.Max(x, T.Zero, y);
                break;
            case Activation.HardSigmoid:
                TensorPrimitives.Multiply(x, HardSlope<T>(), y);
                TensorPrimitives.Add(y, Half<T>(), y);
                TensorPrimitives.Max(y, T.Zero, y);
                TensorPrimitives.Min(y, T.One, y);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected Sigmoid, HardSigmoid, Tanh or Relu.");
        }
    }

    /// <summary>dy/dx at the x that gave <paramref name="y"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Derivative<T>(Activation activation, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => activation switch
        {
            Activation.Sigmoid => y * (T.One - y),
            Activation.Tanh => T.One - (y * y),
            Activation.Relu => y > T.Zero ? T.One : T.Zero,
            Activation.HardSigmoid => y > T.Zero && y < T.One ? HardSlope<T>() : T.Zero,
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected Sigmoid, HardSigmoid, Tanh or Relu."),
        };

    /// <summary>The name the file format and the command line use (<c>hard_sigmoid</c>, ...).</summary>
    public static string Name(Activation activation) => activation switch
    {
        Activation.Sigmoid => "sigmoid",
        Activation.HardSigmoid => "hard_sigmoid",
        Activation.Tanh => "tanh",
        Activation.Relu => "relu",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected Sigmoid, HardSigmoid, Tanh or Relu."),
    };

    private static T HardSlope<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(0.2);

    private static T Half<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(0.5);
}
