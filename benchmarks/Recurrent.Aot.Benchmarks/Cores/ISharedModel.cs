using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Cores;

/// <summary>
/// One model that several threads step at the same time, each on streams of its own. What it holds (the
/// packed weights) is only read while stepping; everything a step writes lives in the streams.
/// </summary>
public interface ISharedModel
{
    /// <summary>"runtime" or "generated" (<see cref="Steps.StepperFactory"/>'s names).</summary>
    string Implementation { get; }

    ModelShape Shape { get; }

    /// <summary>New streams on this model, each with its own input, state and output; called on the thread that steps them.</summary>
    IStreamSet CreateStreams(int count);
}

/// <summary>Streams owned by one thread: their inputs, states and outputs. The model behind them is shared.</summary>
public interface IStreamSet
{
    /// <summary>One step of every stream, one stream after another.</summary>
    void StepEach();

    /// <summary>A stream's hidden state after the latest step.</summary>
    ReadOnlySpan<float> Hidden(int stream);
}
