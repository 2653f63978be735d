using System.Diagnostics;
using Recurrent.Aot.Interop.Keras;
using Xunit.Abstractions;

namespace Recurrent.Aot.Interop.Tests.Keras;

/// <summary>
/// Seeded random truncations and byte mutations of every Keras fixture (model file and config): each import either
/// succeeds or throws <see cref="ModelImportException"/>; never another exception, never a hang.
/// </summary>
public sealed class KerasCorruptionTests(ITestOutputHelper output)
{
    private const int Truncations = 24;
    private const int Mutations = 64;
    // A hang detector, not a speed bound: a corrupt size field can make PureHDF allocate ~1.7 GB before it fails,
    // which takes seconds on a loaded machine.
    private static readonly TimeSpan PerImport = TimeSpan.FromSeconds(120);

    [Theory]
    [MemberData(nameof(KerasFixture.Names), MemberType = typeof(KerasFixture))]
    public void Corrupt_model_files_import_or_fail_with_ModelImportException(string name)
    {
        KerasFixture fixture = KerasFixture.Get(name);
        byte[] model = File.ReadAllBytes(fixture.ModelPath);
        byte[]? config = fixture.ConfigPath is null ? null : File.ReadAllBytes(fixture.ConfigPath);
        var random = new Random(StableSeed(name));
        var outcomes = new Outcomes();

        for (int i = 0; i < Truncations; i++)
        {
            int length = random.Next(model.Length);
            outcomes.Add(Run(model[..length], fixture.Model, config, $"truncated to {length} bytes"));
        }
        for (int i = 0; i < Mutations; i++)
        {
            byte[] mutated = (byte[])model.Clone();
            int flips = 1 + random.Next(4);
            var where = new List<int>();
            for (int f = 0; f < flips; f++)
            {
                int at = random.Next(mutated.Length);
                mutated[at] = (byte)random.Next(256);
                where.Add(at);
            }
            outcomes.Add(Run(mutated, fixture.Model, config, $"bytes changed at {string.Join(", ", where)}"));
        }
        if (config is not null)
        {
            for (int i = 0; i < Truncations; i++)
            {
                int length = random.Next(config.Length);
                outcomes.Add(Run(model, fixture.Model, config[..length], $"config truncated to {length} bytes"));
            }
        }
        output.WriteLine($"{name}: {outcomes.Imported} imported, {outcomes.Refused} refused with ModelImportException; slowest {outcomes.Slowest.TotalMilliseconds:F0} ms");
    }

    private static Stopwatch Run(byte[] model, string modelName, byte[]? config, string what)
    {
        var clock = Stopwatch.StartNew();
        Task<bool> import = Task.Run(() =>
        {
            try
            {
                KerasImporter.Import(model, modelName, config, "config.json");
                return true;
            }
            catch (ModelImportException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                return false;
            }
        });
        try
        {
            Assert.True(import.Wait(PerImport), $"{modelName} {what}: the import did not finish within {PerImport.TotalSeconds} s");
        }
        catch (AggregateException e)
        {
            Assert.Fail($"{modelName} {what}: {e.InnerException!.GetType().Name}: {e.InnerException.Message}");
        }
        clock.Stop();
        return import.Result ? clock : new Stopwatch();
    }

    private static int StableSeed(string name) => name.Aggregate(17, (h, c) => unchecked((h * 31) + c));

    private sealed class Outcomes
    {
        public int Imported { get; private set; }
        public int Refused { get; private set; }
        public TimeSpan Slowest { get; private set; }

        public void Add(Stopwatch run)
        {
            if (run.IsRunning || run.Elapsed == TimeSpan.Zero)
            {
                Refused++;
            }
            else
            {
                Imported++;
                Slowest = run.Elapsed > Slowest ? run.Elapsed : Slowest;
            }
        }
    }
}
