using System.Numerics;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Network;

/// <summary>A PyTorch <c>Linear</c> layer: y = x Wᵀ + b with W (outputs × inputs).</summary>
public sealed class DenseHead<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _weightT = [];

    public DenseHead(ParameterSet<T> parameters, string name, int inputs, int outputs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Inputs = inputs;
        Outputs = outputs;
        Weight = parameters.Add($"{name}.weight", outputs, inputs);
        Bias = parameters.Add($"{name}.bias", outputs);
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public Parameter<T> Weight { get; }

    public Parameter<T> Bias { get; }

    public void Prepare()
    {
        CellCache<T>.Ensure(ref _weightT, Weight.Length);
        Gemm.Transpose<T>(Weight.Value, Outputs, Inputs, _weightT);
    }

    public void Forward(ReadOnlySpan<T> x, int rows, Span<T> y)
    {
        for (int r = 0; r < rows; r++)
        {
            Bias.Value.CopyTo(y.Slice(r * Outputs, Outputs));
        }

        Gemm.MultiplyAdd<T>(rows, Outputs, Inputs, x, Inputs, 1, _weightT, Outputs, y, Outputs);
    }

    /// <summary>Adds dW, db into the gradients and writes dX (overwritten, not accumulated).</summary>
    public void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dY, int rows, Span<T> dX, T[][] gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        Gemm.MultiplyAdd<T>(Outputs, Inputs, rows, dY, 1, Outputs, x, Inputs, gradients[Weight.Index], Inputs);
        Gemm.AddColumnSums<T>(dY, rows, Outputs, Outputs, gradients[Bias.Index]);
        dX = dX[..(rows * Inputs)];
        dX.Clear();
        Gemm.MultiplyAdd<T>(rows, Inputs, Outputs, dY, Outputs, 1, Weight.Value, Inputs, dX, Inputs);
    }
}
