using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>
/// One implementation of one model, stepping a single stream on buffers it owns. RunStep() reads the
/// current state and writes the next one, so consecutive steps depend on each other as in a real loop.
/// </summary>
public interface IStepper
{
    /// <summary>Which implementation: "scalar", "runtime" or "generated".</summary>
    string Implementation { get; }

    ModelShape Shape { get; }

    /// <summary>The hidden state after the latest step.</summary>
    ReadOnlySpan<float> Hidden { get; }

    void RunStep();
}
