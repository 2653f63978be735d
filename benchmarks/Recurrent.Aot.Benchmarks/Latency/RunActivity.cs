namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// What the runtime did while one run was timed. A method compiled on the timing thread (a tier-0
/// method or an OSR switch reached mid-run), a garbage collection or an allocation would stall the
/// steps; a method compiled on another thread (tiered compilation's background worker) does not.
/// </summary>
public readonly record struct RunActivity(long CompiledOnTimingThread, long CompiledAnywhere, int Collections, long BytesAllocated)
{
    /// <summary>None of the things that could stall the timing thread happened.</summary>
    public bool IsQuiet => CompiledOnTimingThread == 0 && Collections == 0 && BytesAllocated == 0;

    public static RunActivity operator +(RunActivity left, RunActivity right) => new(
        left.CompiledOnTimingThread + right.CompiledOnTimingThread,
        left.CompiledAnywhere + right.CompiledAnywhere,
        left.Collections + right.Collections,
        left.BytesAllocated + right.BytesAllocated);

    public static RunActivity Add(RunActivity left, RunActivity right) => left + right;
}
