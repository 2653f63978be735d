using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>One timed run: the order statistics, what the runtime did meanwhile and what took the CPU away.</summary>
public sealed record Measurement(LatencyStatistics Statistics, RunActivity Activity, Disturbance Disturbance);

/// <summary>One round of one model: its timed steps and the control timed right after them.</summary>
public sealed record RunResult(
    ModelShape Shape,
    string Implementation,
    int Round,
    Measurement Steps,
    Measurement Control,
    int SubnormalStates);
