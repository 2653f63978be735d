using System.Globalization;
using System.Text;

namespace LongMemory;

/// <summary>A line of a panel: points (x, y), NaN y values skipped; short lines get markers (hollow ones show a line hidden under another).</summary>
public sealed record Series(string Label, string Color, double[] X, double[] Y, bool Dashed = false, double MarkerRadius = 4, bool HollowMarker = false);

/// <summary>
/// A small hand-written SVG chart: panels side by side, each with linear x, linear or log10 y, ticks, lines with
/// markers and a shared legend. No package: the app writes the text itself.
/// </summary>
public sealed class Chart(int panelWidth = 420, int height = 440)
{
    private const int Left = 62;
    private const int Right = 14;
    private const int Top = 84;
    private const int Bottom = 52;

    private readonly StringBuilder _body = new();
    private readonly List<(string Label, string Color, bool Dashed)> _legend = [];
    private int _panels;

    /// <summary>Adds a panel. Log axes take y ticks as powers of ten; xTickLabels (optional) rename the x ticks.</summary>
    public void AddPanel(string title, string xLabel, string yLabel, (double Min, double Max) x, (double Min, double Max) y, bool logY, double[] xTicks, double[] yTicks, IReadOnlyList<Series> series, string[]? xTickLabels = null, double? referenceY = null, string? referenceLabel = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        int x0 = (_panels * panelWidth) + Left;
        int x1 = ((_panels + 1) * panelWidth) - Right;
        int y0 = Top;
        int y1 = height - Bottom;
        _panels++;

        double Map(double v, double min, double max, int a, int b) => a + ((v - min) / (max - min) * (b - a));
        double Px(double v) => Map(v, x.Min, x.Max, x0, x1);
        double Py(double v) => logY
            ? Map(Math.Log10(Math.Max(v, y.Min)), Math.Log10(y.Min), Math.Log10(y.Max), y1, y0)
            : Map(v, y.Min, y.Max, y1, y0);

        Append($"<text x=\"{(x0 + x1) / 2}\" y=\"{y0 - 12}\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");
        Append($"<rect x=\"{x0}\" y=\"{y0}\" width=\"{x1 - x0}\" height=\"{y1 - y0}\" fill=\"none\" stroke=\"#444\"/>");
        foreach (double t in yTicks)
        {
            double py = Py(t);
            string label = logY ? PowerOfTen(t) : Format(t);
            Append($"<line x1=\"{x0}\" y1=\"{F(py)}\" x2=\"{x1}\" y2=\"{F(py)}\" stroke=\"#ddd\"/>");
            Append($"<text x=\"{x0 - 6}\" y=\"{F(py + 4)}\" text-anchor=\"end\" font-size=\"11\">{label}</text>");
        }

        for (int i = 0; i < xTicks.Length; i++)
        {
            double px = Px(xTicks[i]);
            string label = xTickLabels is null ? Format(xTicks[i]) : xTickLabels[i];
            Append($"<line x1=\"{F(px)}\" y1=\"{y1}\" x2=\"{F(px)}\" y2=\"{y1 + 5}\" stroke=\"#444\"/>");
            Append($"<text x=\"{F(px)}\" y=\"{y1 + 18}\" text-anchor=\"middle\" font-size=\"11\">{label}</text>");
        }

        Append($"<text x=\"{(x0 + x1) / 2}\" y=\"{height - 14}\" text-anchor=\"middle\" font-size=\"12\">{Escape(xLabel)}</text>");
        int cy = (y0 + y1) / 2;
        int lx = x0 - 46;
        Append($"<text x=\"{lx}\" y=\"{cy}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 {lx} {cy})\">{Escape(yLabel)}</text>");

        if (referenceY is double r)
        {
            double py = Py(r);
            Append($"<line x1=\"{x0}\" y1=\"{F(py)}\" x2=\"{x1}\" y2=\"{F(py)}\" stroke=\"#888\" stroke-dasharray=\"3 3\"/>");
            Append($"<text x=\"{x0 + 4}\" y=\"{F(py - 4)}\" font-size=\"11\" fill=\"#666\">{Escape(referenceLabel ?? string.Empty)}</text>");
        }

        foreach (Series s in series)
        {
            var path = new StringBuilder();
            var markers = new StringBuilder();
            for (int i = 0; i < s.X.Length; i++)
            {
                if (double.IsNaN(s.Y[i]))
                {
                    continue;
                }

                double px = Px(s.X[i]);
                double py = Py(s.Y[i]);
                path.Append(path.Length == 0 ? 'M' : 'L').Append(F(px)).Append(',').Append(F(py)).Append(' ');
                if (s.X.Length <= 12)
                {
                    string fill = s.HollowMarker ? $"fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"" : $"fill=\"{s.Color}\"";
                    markers.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(px)}\" cy=\"{F(py)}\" r=\"{F(s.MarkerRadius)}\" {fill}/>");
                }
            }

            string dash = s.Dashed ? " stroke-dasharray=\"6 4\"" : string.Empty;
            Append($"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}/>");
            if (markers.Length > 0)
            {
                Append(markers.ToString());
            }

            if (!_legend.Exists(l => l.Label == s.Label))
            {
                _legend.Add((s.Label, s.Color, s.Dashed));
            }
        }
    }

    public string Render(string title)
    {
        int width = _panels * panelWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"16\">{Escape(title)}</text>\n");
        int x = Left;
        foreach ((string label, string color, bool dashed) in _legend)
        {
            string dash = dashed ? " stroke-dasharray=\"6 4\"" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"44\" x2=\"{x + 24}\" y2=\"44\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 30}\" y=\"48\" font-size=\"12\">{Escape(label)}</text>\n");
            x += 40 + (label.Length * 7);
        }

        svg.Append(_body);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private void Append(FormattableString line) => _body.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private void Append(string line) => _body.Append(line).Append('\n');

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Format(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string PowerOfTen(double v)
    {
        int exponent = (int)Math.Round(Math.Log10(v));
        return exponent == 0 ? "1" : string.Create(CultureInfo.InvariantCulture, $"1e{exponent}");
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
