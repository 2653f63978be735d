using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Reference;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>The baseline: the runtime's plain scalar C# cell (<see cref="ReferenceCell"/>) on the unpacked PyTorch layout.</summary>
public sealed class ScalarStepper : IStepper
{
    private readonly CellSpec spec;
    private readonly CellWeights weights;
    private readonly StepBuffers buffers;

    public ScalarStepper(ModelShape shape)
    {
        ModelShape.RequireSingleLayer(shape, nameof(ScalarStepper));
        Shape = shape;
        spec = shape.ToCellSpec();
        weights = SeededWeights.For(shape);
        weights.Validate(spec);
        buffers = new StepBuffers(shape);
    }

    public string Implementation => StepperFactory.Scalar;

    public ModelShape Shape { get; }

    public ReadOnlySpan<float> Hidden => buffers.Hidden;

    public void RunStep()
    {
        StepBuffers b = buffers;
        ReferenceCell.Step(spec, weights, b.Input, b.Hidden, b.Cell, b.NextHidden, b.NextCell);
        b.Swap();
    }
}
