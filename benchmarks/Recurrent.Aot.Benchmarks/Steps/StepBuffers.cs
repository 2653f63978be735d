using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>
/// The input and two sets of state buffers of one stream. Cells must not write their output over the
/// state they read, so each step writes the "next" buffers and <see cref="Swap"/> makes them current.
/// </summary>
public sealed class StepBuffers
{
    public StepBuffers(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int cellSize = shape.Kind == CellKind.Lstm ? shape.HiddenSize : 0;
        Input = SeededWeights.Input(shape);
        Hidden = new float[shape.HiddenSize];
        Cell = new float[cellSize];
        NextHidden = new float[shape.HiddenSize];
        NextCell = new float[cellSize];
    }

    public float[] Input { get; }

    public float[] Hidden { get; private set; }

    public float[] Cell { get; private set; }

    public float[] NextHidden { get; private set; }

    public float[] NextCell { get; private set; }

    public void Swap()
    {
        (Hidden, NextHidden) = (NextHidden, Hidden);
        (Cell, NextCell) = (NextCell, Cell);
    }
}
