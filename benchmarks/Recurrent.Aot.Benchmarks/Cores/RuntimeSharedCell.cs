using Recurrent.Aot.Benchmarks.Models;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Cores;

/// <summary>The runtime's cell on the seeded weights, packed once and stepped by every thread (<see cref="RecurrentCell"/> is read-only).</summary>
public sealed class RuntimeSharedCell : ISharedModel
{
    private readonly RecurrentCell cell;

    public RuntimeSharedCell(ModelShape shape)
    {
        ModelShape.RequireSingleLayer(shape, nameof(RuntimeSharedCell));
        Shape = shape;
        cell = RecurrentCell.Create(shape.ToCellSpec(), SeededWeights.For(shape));
    }

    public string Implementation => StepperFactory.Runtime;

    public ModelShape Shape { get; }

    public IStreamSet CreateStreams(int count) => new Streams(cell, Shape, count);

    private sealed class Streams(RecurrentCell cell, ModelShape shape, int count) : IStreamSet
    {
        private readonly StepBuffers[] buffers = Enumerable.Range(0, count).Select(_ => new StepBuffers(shape)).ToArray();

        public void StepEach()
        {
            foreach (StepBuffers b in buffers)
            {
                cell.Step(b.Input, b.Hidden, b.Cell, b.NextHidden, b.NextCell);
                b.Swap();
            }
        }

        public ReadOnlySpan<float> Hidden(int stream) => buffers[stream].Hidden;
    }
}
