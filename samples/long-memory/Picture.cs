namespace LongMemory;

/// <summary>Three panels: accuracy by gap, and ‖∂L/∂h_t‖ against T−t before and after training (log scale).</summary>
public static class Picture
{
    // LSTM's markers are hollow and larger: where LSTM and GRU score the same, both stay visible.
    private static readonly (string Cell, string Column, string Label, string Color, double Radius, bool Hollow)[] Lines =
    [
        ("RNN", "rnn", "RNN (tanh)", "#d62728", 4, false),
        ("LSTM", "lstm", "LSTM", "#1f77b4", 7, true),
        ("GRU", "gru", "GRU", "#2ca02c", 3.5, false),
    ];

    public static string Render(IReadOnlyDictionary<(string Cell, int Gap), double> accuracy, GradientNorms norms)
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        ArgumentNullException.ThrowIfNull(norms);
        var chart = new Chart();
        int[] gaps = RecallModels.Gaps;
        double[] gapIndex = [.. Enumerable.Range(0, gaps.Length).Select(i => (double)i)];
        chart.AddPanel(
            "Accuracy at the last step",
            "gap (noise steps between the class and the question)",
            "accuracy (%)",
            (-0.3, gaps.Length - 0.7),
            (0, 105),
            logY: false,
            gapIndex,
            [0, 25, 50, 75, 100],
            [.. Lines.Select(l => new Series(l.Label, l.Color, gapIndex, [.. gaps.Select(g => 100 * accuracy[(l.Cell, g)])], MarkerRadius: l.Radius, HollowMarker: l.Hollow))],
            xTickLabels: [.. gaps.Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            referenceY: 25,
            referenceLabel: "chance");

        double[] distance = [.. Enumerable.Range(0, norms.Distances).Select(d => (double)d)];
        double[] decades = [1, 1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 1e-14];
        double[] xTicks = [0, 10, 20, 30, 40, 50];
        foreach ((string when, string title) in new[] { ("init", "||dL/dh_t|| at initialisation (gap 50)"), ("trained", "||dL/dh_t|| after training (gap 50)") })
        {
            var series = Lines.Select(l => new Series(l.Label, l.Color, distance, norms[$"{l.Column}_h_{when}"])).ToList();
            series.Add(new Series("LSTM cell state ||dL/dc_t||", "#1f77b4", distance, norms[$"lstm_c_{when}"], Dashed: true));
            chart.AddPanel(title, "T - t (steps back from the last step)", "mean gradient norm", (0, distance.Length - 1), (1e-14, 1), logY: true, xTicks, decades, series);
        }

        return chart.Render("Long memory: vanilla RNN vs LSTM vs GRU (32 units each, 4 classes)");
    }
}
