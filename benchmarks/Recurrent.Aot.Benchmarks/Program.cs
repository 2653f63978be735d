using BenchmarkDotNet.Running;
using Recurrent.Aot.Benchmarks;
using Recurrent.Aot.Benchmarks.Anchors;
using Recurrent.Aot.Benchmarks.Cores;
using Recurrent.Aot.Benchmarks.Latency;

// "latency" is the jitter check (per-step times with a timer); everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == LatencyMode.Command)
{
    return LatencyMode.Run(args.AsSpan(1));
}

// "cores" is the multi-thread throughput of one shared model (a console mode: threads pinned, barrier start).
if (args.Length > 0 && args[0] == CoresMode.Command)
{
    return CoresMode.Run(args.AsSpan(1));
}

// "anchor-table" joins the anchor suite's medians with RTNeural's (benchmarks/run.sh anchors).
if (args.Length > 0 && args[0] == AnchorTable.Command)
{
    return AnchorTable.Run(args.AsSpan(1));
}

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, BenchmarkConfig.Create());
return 0;
