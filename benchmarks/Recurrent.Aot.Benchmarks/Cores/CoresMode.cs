using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Recurrent.Aot.Benchmarks.Generated;
using Recurrent.Aot.Benchmarks.Latency;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Cores;

/// <summary>
/// Throughput of one read-only model stepped by several threads, each on streams of its own (benchmarks/run.sh
/// cores). For every implementation and shape: one thread, then <c>--threads</c> threads, alternately for
/// <c>--rounds</c> rounds; each run pins thread i to CPU i, builds the thread's streams on that thread, warms up,
/// starts every thread at one barrier and steps for <c>--seconds</c>. Prints the median steps per second of each
/// and their ratio (the target is ≥ 1.8× on 2 cores).
/// </summary>
public static class CoresMode
{
    public const string Command = "cores";

    public const string Usage = "usage: cores [--seconds S (1)] [--rounds R (3)] [--threads T (2)] [--streams N per thread (4)]";

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(0.3);

    /// <summary>Why a worker could not pin itself, if one could not (reported under the table).</summary>
    private static string? pinFailure;

    /// <summary>The shapes: the two large ones and one small one, LSTM and GRU.</summary>
    private static readonly (int Input, int Hidden)[] Sizes = [(8, 32), (32, 128), (64, 256)];

    public static int Run(ReadOnlySpan<string> args)
    {
        double seconds = 1;
        int rounds = 3, threads = 2, streams = 4;
        try
        {
            for (int i = 0; i < args.Length; i += 2)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--rounds": rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--threads": threads = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--streams": streams = int.Parse(value, CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }

            if (seconds <= 0 || rounds < 1 || threads < 2 || streams < 1)
            {
                throw new ArgumentException("Expected --seconds > 0, --rounds ≥ 1, --threads ≥ 2 and --streams ≥ 1.");
            }
        }
        catch (Exception error) when (error is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {Environment.ProcessorCount} CPUs; {threads} threads × {streams} streams of one shared model; {rounds} rounds of {seconds} s per point; medians"));
        if (threads > Environment.ProcessorCount)
        {
            Console.WriteLine($"# warning: more threads ({threads}) than CPUs ({Environment.ProcessorCount}); the ratio cannot reach the thread count");
        }

        Console.WriteLine($"| Implementation | Model | 1 thread, steps/s | {threads} threads, steps/s | Ratio |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (ModelShape shape in ModelShape.Both(Sizes))
        {
            foreach (ISharedModel model in new[] { new RuntimeSharedCell(shape), GeneratedModels.CreateShared(shape) })
            {
                var one = new List<double>();
                var many = new List<double>();
                for (int round = 0; round < rounds; round++)
                {
                    one.Add(Throughput(model, 1, streams, seconds));
                    many.Add(Throughput(model, threads, streams, seconds));
                }

                double a = Median(one), b = Median(many);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {model.Implementation} | {shape} | {a:N0} | {b:N0} | {b / a:F2} |"));
            }
        }

        Console.WriteLine(pinFailure is null ? "# worker i pinned to CPU i" : $"# threads not pinned: {pinFailure}");
        return 0;
    }

    /// <summary>Stream-steps per second of <paramref name="threads"/> threads stepping their own streams of one model.</summary>
    private static double Throughput(ISharedModel model, int threads, int streamsPerThread, double seconds)
    {
        using var ready = new Barrier(threads + 1);
        using var go = new Barrier(threads + 1);
        var stop = new StrongBox<bool>(false); // set by this thread when the time is up, polled by the workers
        var rates = new double[threads];
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() => rates[index] = Worker(model, index, streamsPerThread, ready, go, stop)) { Name = $"cores worker {t}" };
            workers[t].Start();
        }

        ready.SignalAndWait();
        go.SignalAndWait();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref stop.Value, true);
        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        return rates.Sum();
    }

    private static double Worker(ISharedModel model, int cpu, int count, Barrier ready, Barrier go, StrongBox<bool> stop)
    {
        // Pinned where the kernel allows it; the state is allocated on the thread that uses it.
        string? failure = !LinuxScheduling.IsAvailable ? "not Linux"
            : cpu >= Environment.ProcessorCount ? "more threads than CPUs"
            : LinuxScheduling.PinToCpu(cpu);
        if (failure is not null)
        {
            pinFailure = failure;
        }

        IStreamSet streams = model.CreateStreams(count);
        long warmEnd = Stopwatch.GetTimestamp() + (long)(WarmUp.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmEnd)
        {
            streams.StepEach();
        }

        ready.SignalAndWait();
        go.SignalAndWait();
        long start = Stopwatch.GetTimestamp();
        long rounds = 0;
        while (!Volatile.Read(ref stop.Value))
        {
            streams.StepEach();
            rounds++;
        }

        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (!float.IsFinite(streams.Hidden(0)[0]))
        {
            throw new InvalidOperationException($"{model.Implementation} {model.Shape}: the state stopped being finite.");
        }

        return rounds * count / elapsed;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
