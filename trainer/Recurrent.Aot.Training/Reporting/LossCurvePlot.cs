using System.Globalization;
using System.Security;
using System.Text;

namespace Recurrent.Aot.Training.Reporting;

/// <summary>A self-contained SVG line plot of training and validation loss per epoch (no plotting library needed).</summary>
public static class LossCurvePlot
{
    private const int Width = 640, Height = 400, Left = 70, Right = 20, Top = 40, Bottom = 50;

    public static string Render(IReadOnlyList<EpochMetrics> epochs, string title)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0)
        {
            throw new ArgumentException("A loss curve needs at least one epoch.", nameof(epochs));
        }

        var values = epochs.Select(e => e.TrainLoss).Concat(epochs.Where(e => e.HasValidation).Select(e => e.ValidationLoss)).Where(double.IsFinite).ToList();
        double max = values.Count == 0 ? 1 : values.Max();
        double min = values.Count == 0 ? 0 : Math.Min(0, values.Min());
        if (max <= min)
        {
            max = min + 1;
        }

        int firstEpoch = epochs[0].Epoch, lastEpoch = epochs[^1].Epoch;
        double X(int epoch) => Left + ((Width - Left - Right) * (lastEpoch == firstEpoch ? 0.5 : (double)(epoch - firstEpoch) / (lastEpoch - firstEpoch)));
        double Y(double loss) => Top + ((Height - Top - Bottom) * (1 - ((loss - min) / (max - min))));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{SecurityElement.Escape(title)}</text>\n");

        // Axes, with five horizontal grid lines labelled by loss.
        for (int i = 0; i <= 4; i++)
        {
            double loss = min + ((max - min) * i / 4);
            double y = Y(loss);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{loss:G3}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{firstEpoch}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{lastEpoch}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\">epoch</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{(Top + Height - Bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {(Top + Height - Bottom) / 2})\">loss</text>\n");

        Series(svg, epochs, e => e.TrainLoss, X, Y, "#1f77b4", "train");
        if (epochs.Any(e => e.HasValidation))
        {
            Series(svg, epochs.Where(e => e.HasValidation).ToList(), e => e.ValidationLoss, X, Y, "#d62728", "validation");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    public static void Save(string path, IReadOnlyList<EpochMetrics> epochs, string title) => File.WriteAllText(path, Render(epochs, title));

    private static void Series(StringBuilder svg, IReadOnlyList<EpochMetrics> epochs, Func<EpochMetrics, double> value, Func<int, double> x, Func<double, double> y, string color, string label)
    {
        var points = epochs.Where(e => double.IsFinite(value(e))).Select(e => string.Create(CultureInfo.InvariantCulture, $"{x(e.Epoch):0.##},{y(value(e)):0.##}"));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{label}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>\n");
        int row = label == "train" ? 0 : 1;
        double ly = Top + 12 + (row * 16);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right - 110}\" y1=\"{ly - 4}\" x2=\"{Width - Right - 90}\" y2=\"{ly - 4}\" stroke=\"{color}\" stroke-width=\"2\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 84}\" y=\"{ly}\">{label}</text>\n");
    }
}
