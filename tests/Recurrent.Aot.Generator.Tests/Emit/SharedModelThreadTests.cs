using System.Reflection;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.TestSupport;

namespace Recurrent.Aot.Generator.Tests.Emit;

/// <summary>Shape-only models, each bound once and shared by every thread of the tests below.</summary>
public sealed class CompiledSharedModels
{
    /// <summary>The model types of <see cref="Source"/>: several panels, a stacked cell, the original GRU, a projection with a head, stacked cells whose StepBatch runs groups of 8.</summary>
    public static readonly string[] Models = ["Lstm16x64", "Gru5x48", "Rnn3x64x2", "GruBefore5x48", "LstmProjHead", "Gru5x128x2"];

    private const string Source = """
        using System;
        using Recurrent.Aot.Generation;

        namespace Shared;

        [Lstm(InputSize = 16, HiddenSize = 64)]
        public sealed partial class Lstm16x64;

        [Gru(InputSize = 5, HiddenSize = 48)]
        public sealed partial class Gru5x48;

        [Rnn(InputSize = 3, HiddenSize = 64, Layers = 2)]
        public sealed partial class Rnn3x64x2;

        [Gru(InputSize = 5, HiddenSize = 48, Reset = RecurrentGruResetMode.BeforeMatmul)]
        public sealed partial class GruBefore5x48;

        [Lstm(InputSize = 6, HiddenSize = 32, ProjSize = 16, HeadSize = 3, HeadActivation = RecurrentHeadActivation.Sigmoid)]
        public sealed partial class LstmProjHead;

        [Gru(InputSize = 5, HiddenSize = 128, Layers = 2)]
        public sealed partial class Gru5x128x2;

        public static class Driver
        {
            private const int Steps = 40;

            private static readonly Lstm16x64 A = Lstm16x64.FromParameters(Parameters(Lstm16x64.ParameterCount));
            private static readonly Gru5x48 B = Gru5x48.FromParameters(Parameters(Gru5x48.ParameterCount));
            private static readonly Rnn3x64x2 C = Rnn3x64x2.FromParameters(Parameters(Rnn3x64x2.ParameterCount));
            private static readonly GruBefore5x48 D = GruBefore5x48.FromParameters(Parameters(GruBefore5x48.ParameterCount));
            private static readonly LstmProjHead E = LstmProjHead.FromParameters(Parameters(LstmProjHead.ParameterCount));
            private static readonly Gru5x128x2 F = Gru5x128x2.FromParameters(Parameters(Gru5x128x2.ParameterCount));

            private static float[] Parameters(int count)
            {
                var values = new float[count];
                for (int i = 0; i < count; i++) values[i] = (((i * 37) % 23) - 11) / 40f;
                return values;
            }

            private static float[] Inputs(int seed, int size)
            {
                var random = new Random(seed);
                var values = new float[Steps * size];
                for (int i = 0; i < values.Length; i++) values[i] = (2 * random.NextSingle()) - 1;
                return values;
            }

            /// <summary>
            /// One stream of the shared model: Step through its inputs, Run them again from the reached state, then
            /// StepBatch 11 copies of the final state one step (groups of 8 and 2 and a lone stream where the model has them).
            /// Returns every output followed by the last copy's final state.
            /// </summary>
            public static float[] Stream(string model, int seed) => model switch
            {
                "Lstm16x64" => Go(A, seed),
                "Gru5x48" => Go(B, seed),
                "Rnn3x64x2" => Go(C, seed),
                "GruBefore5x48" => Go(D, seed),
                "LstmProjHead" => Go(E, seed),
                _ => Go(F, seed),
            };

            private static float[] Go(Lstm16x64 m, int seed) { var s = default(Lstm16x64.State); var x = Inputs(seed, Lstm16x64.InputSize); var o = new float[(2 * Steps + 11) * Lstm16x64.OutputSize]; for (int t = 0; t < Steps; t++) m.Step(x.AsSpan(t * Lstm16x64.InputSize, Lstm16x64.InputSize), ref s, o.AsSpan(t * Lstm16x64.OutputSize, Lstm16x64.OutputSize)); m.Run(x, ref s, o.AsSpan(Steps * Lstm16x64.OutputSize, Steps * Lstm16x64.OutputSize)); var batch = new Lstm16x64.State[11]; Array.Fill(batch, s); m.StepBatch(x.AsSpan(0, 11 * Lstm16x64.InputSize), batch, o.AsSpan(2 * Steps * Lstm16x64.OutputSize)); var f = new float[Lstm16x64.StateSize]; batch[10].CopyTo(f); return [.. o, .. f]; }
            private static float[] Go(Gru5x48 m, int seed) { var s = default(Gru5x48.State); var x = Inputs(seed, Gru5x48.InputSize); var o = new float[(2 * Steps + 11) * Gru5x48.OutputSize]; for (int t = 0; t < Steps; t++) m.Step(x.AsSpan(t * Gru5x48.InputSize, Gru5x48.InputSize), ref s, o.AsSpan(t * Gru5x48.OutputSize, Gru5x48.OutputSize)); m.Run(x, ref s, o.AsSpan(Steps * Gru5x48.OutputSize, Steps * Gru5x48.OutputSize)); var batch = new Gru5x48.State[11]; Array.Fill(batch, s); m.StepBatch(x.AsSpan(0, 11 * Gru5x48.InputSize), batch, o.AsSpan(2 * Steps * Gru5x48.OutputSize)); var f = new float[Gru5x48.StateSize]; batch[10].CopyTo(f); return [.. o, .. f]; }
            private static float[] Go(Rnn3x64x2 m, int seed) { var s = default(Rnn3x64x2.State); var x = Inputs(seed, Rnn3x64x2.InputSize); var o = new float[(2 * Steps + 11) * Rnn3x64x2.OutputSize]; for (int t = 0; t < Steps; t++) m.Step(x.AsSpan(t * Rnn3x64x2.InputSize, Rnn3x64x2.InputSize), ref s, o.AsSpan(t * Rnn3x64x2.OutputSize, Rnn3x64x2.OutputSize)); m.Run(x, ref s, o.AsSpan(Steps * Rnn3x64x2.OutputSize, Steps * Rnn3x64x2.OutputSize)); var batch = new Rnn3x64x2.State[11]; Array.Fill(batch, s); m.StepBatch(x.AsSpan(0, 11 * Rnn3x64x2.InputSize), batch, o.AsSpan(2 * Steps * Rnn3x64x2.OutputSize)); var f = new float[Rnn3x64x2.StateSize]; batch[10].CopyTo(f); return [.. o, .. f]; }
            private static float[] Go(GruBefore5x48 m, int seed) { var s = default(GruBefore5x48.State); var x = Inputs(seed, GruBefore5x48.InputSize); var o = new float[(2 * Steps + 11) * GruBefore5x48.OutputSize]; for (int t = 0; t < Steps; t++) m.Step(x.AsSpan(t * GruBefore5x48.InputSize, GruBefore5x48.InputSize), ref s, o.AsSpan(t * GruBefore5x48.OutputSize, GruBefore5x48.OutputSize)); m.Run(x, ref s, o.AsSpan(Steps * GruBefore5x48.OutputSize, Steps * GruBefore5x48.OutputSize)); var batch = new GruBefore5x48.State[11]; Array.Fill(batch, s); m.StepBatch(x.AsSpan(0, 11 * GruBefore5x48.InputSize), batch, o.AsSpan(2 * Steps * GruBefore5x48.OutputSize)); var f = new float[GruBefore5x48.StateSize]; batch[10].CopyTo(f); return [.. o, .. f]; }
            private static float[] Go(LstmProjHead m, int seed) { var s = default(LstmProjHead.State); var x = Inputs(seed, LstmProjHead.InputSize); var o = new float[(2 * Steps + 11) * LstmProjHead.OutputSize]; for (int t = 0; t < Steps; t++) m.Step(x.AsSpan(t * LstmProjHead.InputSize, LstmProjHead.InputSize), ref s, o.AsSpan(t * LstmProjHead.OutputSize, LstmProjHead.OutputSize)); m.Run(x, ref s, o.AsSpan(Steps * LstmProjHead.OutputSize, Steps * LstmProjHead.OutputSize)); var batch = new LstmProjHead.State[11]; Array.Fill(batch, s); m.StepBatch(x.AsSpan(0, 11 * LstmProjHead.InputSize), batch, o.AsSpan(2 * Steps * LstmProjHead.OutputSize)); var f = new float[LstmProjHead.StateSize]; batch[10].CopyTo(f); return [.. o, .. f]; }
            private static float[] Go(Gru5x128x2 m, int seed) { var s = default(Gru5x128x2.State); var x = Inputs(seed, Gru5x128x2.InputSize); var o = new float[(2 * Steps + 11) * Gru5x128x2.OutputSize]; for (int t = 0; t < Steps; t++) m.Step(x.AsSpan(t * Gru5x128x2.InputSize, Gru5x128x2.InputSize), ref s, o.AsSpan(t * Gru5x128x2.OutputSize, Gru5x128x2.OutputSize)); m.Run(x, ref s, o.AsSpan(Steps * Gru5x128x2.OutputSize, Steps * Gru5x128x2.OutputSize)); var batch = new Gru5x128x2.State[11]; Array.Fill(batch, s); m.StepBatch(x.AsSpan(0, 11 * Gru5x128x2.InputSize), batch, o.AsSpan(2 * Steps * Gru5x128x2.OutputSize)); var f = new float[Gru5x128x2.StateSize]; batch[10].CopyTo(f); return [.. o, .. f]; }
        }
        """;

    public CompiledSharedModels()
    {
        var (result, output) = GeneratorHarness.Run(Source);
        Assert.Empty(result.Diagnostics);
        Assembly = GeneratorHarness.Load(output);
    }

    public Assembly Assembly { get; }

    public float[] Stream(string model, int seed)
    {
        try
        {
            return (float[])Assembly.GetType("Shared.Driver")!.GetMethod("Stream")!.Invoke(null, [model, seed])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}

/// <summary>
/// One generated model serves many streams on many threads: the instance holds only its packed weights, which no
/// call writes, and everything a stream writes (its State, its outputs) belongs to the stream. Results must be
/// bit-identical to running the same streams one after another (the runtime's counterpart is
/// Recurrent.Aot.Tests' SharedModelThreadTests).
/// </summary>
public sealed class SharedModelThreadTests(CompiledSharedModels compiled) : IClassFixture<CompiledSharedModels>
{
    private const int Threads = 4;
    private const int Rounds = 25;

    public static TheoryData<string> Cases() => new(CompiledSharedModels.Models);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streams_on_several_threads_equal_the_same_streams_run_one_after_another(string model)
    {
        var expected = new float[Threads][];
        for (int i = 0; i < Threads; i++)
            expected[i] = compiled.Stream(model, seed: 100 + i);

        // Many rounds so the threads' calls overlap in time; every round must give the same bits.
        float[][] actual = ConcurrentStreams.Run(Threads, Rounds, index => compiled.Stream(model, 100 + index));
        for (int i = 0; i < Threads; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"{model}: stream {i} on its own thread differs from the sequential run");
        }
    }
}
