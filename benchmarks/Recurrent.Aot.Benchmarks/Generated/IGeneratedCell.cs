using System.Diagnostics.CodeAnalysis;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Generated;

/// <summary>
/// What the benchmarks need from a generated model. The generator emits FromParameters, Step, StepBatch
/// and Run on every unidirectional model; each declaration here only adds this interface and its
/// <see cref="Shape"/>, so one generic stepper and one generic benchmark class serve every model.
/// </summary>
public interface IGeneratedCell<TSelf, TState>
    where TSelf : class, IGeneratedCell<TSelf, TState>
    where TState : struct
{
    static abstract ModelShape Shape { get; }

    /// <summary>
    /// Binds weights given in PyTorch's parameters() order: weight_ih, weight_hh, bias_ih, bias_hh of
    /// layer 0, then the same four of each layer above it.
    /// </summary>
    static abstract TSelf FromParameters(ReadOnlySpan<float> parameters);

    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The generated models name it Step; this interface only mirrors them.")]
    void Step(ReadOnlySpan<float> input, ref TState state, Span<float> output);

    /// <summary>One step of several independent streams: inputs (streams × InputSize), one state per stream.</summary>
    void StepBatch(ReadOnlySpan<float> inputs, Span<TState> states, Span<float> outputs);

    /// <summary>A whole sequence of one stream: inputs (steps × InputSize), every step's output (steps × OutputSize).</summary>
    void Run(ReadOnlySpan<float> inputs, ref TState state, Span<float> outputs);
}
