using Recurrent.Aot.Loading;
using Recurrent.Aot.Reference;
using Xunit.Abstractions;

namespace Recurrent.Aot.Tests.Parity;

/// <summary>
/// Other tests compare the SIMD kernels with the plain-loop <see cref="ReferenceModel"/>; this holds that
/// oracle itself to PyTorch and the numpy reference, on the spec and weights the runtime's loader reads.
/// </summary>
public sealed class OracleParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Theory]
    [MemberData(nameof(ParityCases.Every), MemberType = typeof(ParityCases))]
    public void ReferenceModel_matches_the_fixture(string id)
    {
        var fixture = ParityFixture.Load(id);
        (ModelSpec spec, CellWeights[] weights, HeadWeights? head) = new ModelReader(fixture.File, options: null).Read();
        var oracle = new ReferenceModel(spec, weights, head);
        Assert.True(oracle.StateSize == fixture.StateSize, $"{id}: the oracle's StateSize is {oracle.StateSize}, the fixture's is {fixture.StateSize}.");
        Assert.True(oracle.OutputSize == fixture.OutputSize, $"{id}: the oracle's OutputSize is {oracle.OutputSize}, the fixture's is {fixture.OutputSize}.");
        var report = new ParityReport(fixture, "ReferenceModel.RunBatch");
        float[] states = [.. fixture.InitialStates];
        var outputs = new float[fixture.ExpectedOutputs.Length];
        int[] lengths = [.. Enumerable.Repeat(fixture.SequenceLength, fixture.Batch)];

        oracle.RunBatch(fixture.Inputs, fixture.Batch, lengths, states, outputs);

        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            report.Compare(
                "output",
                fixture.StreamExpectedOutputs(stream),
                fixture.Gather(outputs, stream, oracle.OutputSize),
                $"stream {stream}, ",
                oracle.OutputSize);
            report.CompareState(fixture.ExpectedFinalState(stream), states.AsSpan(stream * oracle.StateSize, oracle.StateSize), stream);
        }

        report.AssertWithin(Tolerance, output);
    }
}
