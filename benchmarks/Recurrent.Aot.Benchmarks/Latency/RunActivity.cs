using System.Runtime;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// What the runtime did while one run was timed. A method compiled on the timing thread (a tier-0
/// method or an OSR switch reached mid-run), a garbage collection or an allocation would stall the
/// steps; a method compiled on another thread (tiered compilation's background worker) does not.
/// <see cref="Capture"/> reads the runtime's running totals; the activity of a run is the difference
/// of two captures.
/// </summary>
public readonly record struct RunActivity(long CompiledOnTimingThread, long CompiledAnywhere, int Collections, long BytesAllocated)
{
    /// <summary>None of the things that could stall the timing thread happened.</summary>
    public bool IsQuiet => CompiledOnTimingThread == 0 && Collections == 0 && BytesAllocated == 0;

    /// <summary>The running totals now, for the calling thread where the counter is per thread.</summary>
    public static RunActivity Capture() => new(
        JitInfo.GetCompiledMethodCount(currentThread: true),
        JitInfo.GetCompiledMethodCount(currentThread: false),
        GC.CollectionCount(0),
        GC.GetAllocatedBytesForCurrentThread());

    public static RunActivity operator -(RunActivity after, RunActivity before) => new(
        after.CompiledOnTimingThread - before.CompiledOnTimingThread,
        after.CompiledAnywhere - before.CompiledAnywhere,
        after.Collections - before.Collections,
        after.BytesAllocated - before.BytesAllocated);

    public static RunActivity Subtract(RunActivity after, RunActivity before) => after - before;

    public static RunActivity operator +(RunActivity left, RunActivity right) => new(
        left.CompiledOnTimingThread + right.CompiledOnTimingThread,
        left.CompiledAnywhere + right.CompiledAnywhere,
        left.Collections + right.Collections,
        left.BytesAllocated + right.BytesAllocated);

    public static RunActivity Add(RunActivity left, RunActivity right) => left + right;
}
