using System.Diagnostics;
using Xunit.Abstractions;
using Xunit.Sdk;

// Runs the tests of Recurrent.Aot.Tests (or, with --generator, Recurrent.Aot.Generator.Tests) in this process (xunit 2's
// own framework, no VSTest) and exits non-zero if one fails. Arguments: --all includes Category=Training (left out by
// default, as in CI's SIMD matrix); any other argument keeps only the tests whose display name contains it. The
// generator's tests compile generated code with Roslyn in this process, so they run where the kernels will run.
bool all = args.Contains("--all");
bool generator = args.Contains("--generator");
string[] filters = args.Where(a => a != "--all" && a != "--generator").ToArray();
var assembly = generator ? typeof(Recurrent.Aot.Generator.Tests.Parity.GeneratedParityTests).Assembly : typeof(Recurrent.Aot.Tests.Parity.ParityCases).Assembly;
var sink = new Sink();
var clock = Stopwatch.StartNew();
using var framework = new XunitTestFramework(sink);
using var discoverer = framework.GetDiscoverer(Reflector.Wrap(assembly));
discoverer.Find(includeSourceInformation: false, sink, new Options());
sink.DiscoveryDone.Wait();
var cases = sink.Discovered.Where(test =>
    (all || !(test.Traits.TryGetValue("Category", out var categories) && categories.Contains("Training")))
    && (filters.Length == 0 || filters.Any(f => test.DisplayName.Contains(f, StringComparison.Ordinal)))).ToList();
Console.WriteLine($"discovered {sink.Discovered.Count} test cases, running {cases.Count} ({clock.Elapsed.TotalSeconds:F1} s)");
using var executor = framework.GetExecutor(assembly.GetName());
executor.RunTests(cases, sink, new Options());
sink.ExecutionDone.Wait();
Console.WriteLine($"{sink.Passed} passed, {sink.Failed} failed, {sink.Skipped} skipped ({clock.Elapsed.TotalSeconds:F1} s)");
return sink.Failed == 0 && sink.Passed > 0 ? 0 : 1;

sealed class Sink : LongLivedMarshalByRefObject, IMessageSink
{
    public List<ITestCase> Discovered { get; } = [];
    public ManualResetEventSlim DiscoveryDone { get; } = new();
    public ManualResetEventSlim ExecutionDone { get; } = new();
    public int Passed, Failed, Skipped;
    private readonly object _gate = new();

    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestCaseDiscoveryMessage found: lock (_gate) { Discovered.Add(found.TestCase); } break;
            case IDiscoveryCompleteMessage: DiscoveryDone.Set(); break;
            case ITestPassed: Interlocked.Increment(ref Passed); break;
            case ITestSkipped: Interlocked.Increment(ref Skipped); break;
            case ITestFailed failed:
                Interlocked.Increment(ref Failed);
                lock (_gate)
                {
                    Console.WriteLine($"FAILED {failed.Test.DisplayName}: {string.Join(" | ", failed.Messages)}");
                    Console.WriteLine(string.Join(Environment.NewLine, failed.StackTraces));
                }
                break;
            case IErrorMessage error:
                Interlocked.Increment(ref Failed);
                lock (_gate) { Console.WriteLine($"ERROR {string.Join(" | ", error.Messages)}"); }
                break;
            case ITestAssemblyFinished: ExecutionDone.Set(); break;
        }
        return true;
    }
}

// Every option at its default (xunit reads them with GetValue and falls back when null).
sealed class Options : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
{
    private readonly Dictionary<string, object?> _values = [];
    public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var v) && v is TValue t ? t : default!;
    public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
}
