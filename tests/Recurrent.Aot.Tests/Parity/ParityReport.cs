using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Recurrent.Aot.Tests.Parity;

/// <summary>
/// Collects the max abs error of every quantity one parity test compares (output, h_n, c_n, ...), so
/// the assertion message reports all of them at once, with where the worst one is.
/// </summary>
internal sealed class ParityReport(ParityFixture fixture, string method)
{
    private readonly List<Entry> entries = [];

    /// <summary>
    /// Compares values; repeated calls with the same <paramref name="what"/> keep the worst. With
    /// <paramref name="rowSize"/> the worst position is reported as (step, unit) of (seq, rowSize) rows.
    /// </summary>
    public void Compare(string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string where = "", int rowSize = 0)
    {
        Assert.True(expected.Length == actual.Length,
            $"{fixture.Id} via {method}: {what} has {actual.Length} values, expected {expected.Length}.");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(error))
            {
                worst = double.NaN;
                at = i;
                break;
            }

            if (error > worst)
            {
                worst = error;
                at = i;
            }
        }

        int existing = entries.FindIndex(e => e.What == what);
        string position = rowSize > 0 ? $"step {at / rowSize}, unit {at % rowSize}" : $"index {at}";
        var entry = new Entry(what, worst, at < 0 ? "" : $"{where}{position}: expected {expected[at]:R}, got {actual[at]:R}");
        if (existing < 0)
        {
            entries.Add(entry);
        }
        else if (!(entries[existing].Error >= worst))
        {
            entries[existing] = entry;
        }
    }

    /// <summary>Compares a stream's whole state vector, reporting h and c separately.</summary>
    public void CompareState(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int stream)
    {
        Assert.True(expected.Length == actual.Length,
            $"{fixture.Id} via {method}: the state has {actual.Length} floats, expected {expected.Length}.");
        int h = fixture.HiddenStateSize;
        string where = $"stream {stream}, ";
        Compare("h_n", expected[..h], actual[..h], where);
        if (fixture.CellStateSize > 0)
        {
            Compare("c_n", expected[h..], actual[h..], where);
        }
    }

    /// <summary>Logs the errors (also when they pass, so the numbers can be read) and asserts them.</summary>
    public void AssertWithin(double tolerance, ITestOutputHelper output)
    {
        Assert.True(entries.Count > 0, $"{fixture.Id} via {method}: nothing was compared.");
        var summary = new StringBuilder();
        summary.Append(CultureInfo.InvariantCulture, $"{fixture.Id} via {method}: max abs error");
        bool pass = true;
        foreach (Entry entry in entries)
        {
            bool ok = entry.Error <= tolerance;
            pass &= ok;
            summary.Append(CultureInfo.InvariantCulture, $" {entry.What} {entry.Error:0.0e+0}");
            if (!ok)
            {
                summary.Append(CultureInfo.InvariantCulture, $" (worst at {entry.Where})");
            }

            summary.Append(';');
        }

        summary.Append(CultureInfo.InvariantCulture, $" tolerance {tolerance:0.0e+0}.");
        output.WriteLine(summary.ToString());
        Assert.True(pass, summary.ToString());
    }

    private sealed record Entry(string What, double Error, string Where);
}
