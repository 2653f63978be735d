using Recurrent.Aot.Loading;
using Xunit.Abstractions;

namespace Recurrent.Aot.Tests.Parity;

/// <summary>
/// The lowest public level, <see cref="RecurrentCell.Step"/>, held to the fixtures: each unidirectional
/// case runs as a stack of cells stepped by hand with ping-pong buffers, layer k feeding layer k+1.
/// </summary>
public sealed class CellParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Theory]
    [MemberData(nameof(ParityCases.Unidirectional), MemberType = typeof(ParityCases))]
    public void Stacked_RecurrentCell_steps_match_the_fixture(string id)
    {
        var fixture = ParityFixture.Load(id);
        (ModelSpec spec, CellWeights[] weights, _) = new ModelReader(fixture.File, options: null).Read();
        RecurrentCell[] cells = [.. Enumerable.Range(0, spec.Layers).Select(k => RecurrentCell.Create(spec.LayerCell(k), weights[k]))];
        int hOut = spec.Cell.OutputSize, hidden = spec.Cell.CellStateSize;
        var report = new ParityReport(fixture, "RecurrentCell.Step");
        var state = new float[fixture.StateSize];
        var next = new float[Math.Max(hOut, hidden)];
        var nextCell = new float[hidden];
        var layerOutputs = new float[fixture.SequenceLength * hOut];

        for (int stream = 0; stream < fixture.Batch; stream++)
        {
            float[] inputs = fixture.StreamInputs(stream);
            fixture.InitialState(stream).CopyTo(state);
            for (int t = 0; t < fixture.SequenceLength; t++)
            {
                ReadOnlySpan<float> x = inputs.AsSpan(t * spec.Cell.InputSize, spec.Cell.InputSize);
                for (int k = 0; k < cells.Length; k++)
                {
                    Span<float> h = state.AsSpan(k * hOut, hOut);
                    Span<float> c = state.AsSpan((spec.Layers * hOut) + (k * hidden), hidden);
                    cells[k].Step(x, h, c, next.AsSpan(0, hOut), nextCell);
                    next.AsSpan(0, hOut).CopyTo(h);
                    nextCell.CopyTo(c);
                    x = h;
                }

                x.CopyTo(layerOutputs.AsSpan(t * hOut, hOut));
            }

            // With a head the fixture's outputs are the head's; the cells' last layer is then checked through h_n only.
            if (!fixture.HasHead)
            {
                report.Compare("output", fixture.StreamExpectedOutputs(stream), layerOutputs, $"stream {stream}, ", hOut);
            }

            report.CompareState(fixture.ExpectedFinalState(stream), state, stream);
        }

        report.AssertWithin(Tolerance, output);
    }
}
