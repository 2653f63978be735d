using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>
/// The runtime's whole-sequence path (<see cref="RecurrentModel.Run"/>) for one stream on the seeded
/// weights: the model (every layer of the shape, no head), a workspace for the longest sequence and the
/// state, made once so that a run allocates nothing here.
/// </summary>
public sealed class RuntimeSequenceRunner
{
    private readonly RecurrentModel model;
    private readonly ModelWorkspace workspace;
    private readonly float[] state;

    public RuntimeSequenceRunner(ModelShape shape, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSteps);
        model = RecurrentModel.Create(
            new ModelSpec { Cell = shape.ToCellSpec(), Layers = shape.Layers }, SeededWeights.ForEveryLayer(shape));
        workspace = model.CreateWorkspace(maxSteps);
        state = new float[model.StateSize];
    }

    /// <summary>
    /// Runs <paramref name="inputs"/> (steps × InputSize) from the zero state, as a new sequence does, and
    /// writes every step's hidden state of the top layer to <paramref name="outputs"/> (steps × HiddenSize).
    /// </summary>
    public void Run(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        Array.Clear(state);
        model.Run(inputs, state, outputs, workspace);
    }
}
