using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>The runtime's generic SIMD cell (<see cref="RecurrentCell"/>), weights packed once here.</summary>
public sealed class RuntimeCellStepper : IStepper
{
    private readonly RecurrentCell cell;
    private readonly StepBuffers buffers;

    public RuntimeCellStepper(ModelShape shape, WeightPrecision precision = WeightPrecision.Float32)
    {
        ModelShape.RequireSingleLayer(shape, nameof(RuntimeCellStepper));
        Shape = shape;
        cell = RecurrentCell.Create(shape.ToCellSpec(), SeededWeights.For(shape), precision);
        buffers = new StepBuffers(shape);
    }

    public string Implementation => StepperFactory.Runtime;

    public ModelShape Shape { get; }

    public ReadOnlySpan<float> Hidden => buffers.Hidden;

    public void RunStep()
    {
        StepBuffers b = buffers;
        cell.Step(b.Input, b.Hidden, b.Cell, b.NextHidden, b.NextCell);
        b.Swap();
    }
}
