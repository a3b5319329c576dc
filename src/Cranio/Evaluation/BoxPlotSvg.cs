using System.Globalization;
using System.Net;
using System.Text;

namespace Cranio.Evaluation;

/// <summary>
/// A horizontal box plot as an inline SVG element: box from the first to the third quartile (numpy 'linear'),
/// a line at the median, whiskers to the furthest values within 1.5 × IQR of the box (Tukey), the other values
/// as outlier dots. Only finite values are drawn; the count of non-finite ones is noted in the title.
/// </summary>
public static class BoxPlotSvg
{
    /// <summary>Draws the box plot of <paramref name="values"/> (NaN skipped) titled <paramref name="label"/>.</summary>
    public static string Render(string label, IEnumerable<double> values, int width = 420, int height = 90)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] all = values.Where(v => !double.IsNaN(v)).ToArray();
        double[] v = all.Where(double.IsFinite).Order().ToArray();
        int infinite = all.Length - v.Length;
        string title = WebUtility.HtmlEncode(label) + (infinite > 0 ? $" ({infinite} infinite, not drawn)" : "");
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"14\" font-size=\"13\" font-family=\"sans-serif\">{title}</text>");
        if (v.Length == 0)
        {
            svg.Append("<text x=\"4\" y=\"50\" font-size=\"12\" font-family=\"sans-serif\">no values</text></svg>");
            return svg.ToString();
        }
        double q1 = Percentile.LinearOfSorted(v, 25), median = Percentile.LinearOfSorted(v, 50), q3 = Percentile.LinearOfSorted(v, 75);
        double iqr = q3 - q1;
        double low = v.First(x => x >= q1 - 1.5 * iqr), high = v.Last(x => x <= q3 + 1.5 * iqr);
        double min = v[0], max = v[^1], span = max - min;
        const double left = 10, right = 10;
        double X(double value) => span == 0 ? width / 2.0 : left + (value - min) / span * (width - left - right);
        string N(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);
        double top = 24, bottom = height - 26, mid = (top + bottom) / 2;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(low))}\" y1=\"{N(mid)}\" x2=\"{N(X(q1))}\" y2=\"{N(mid)}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(q3))}\" y1=\"{N(mid)}\" x2=\"{N(X(high))}\" y2=\"{N(mid)}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(low))}\" y1=\"{N(top + 8)}\" x2=\"{N(X(low))}\" y2=\"{N(bottom - 8)}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(high))}\" y1=\"{N(top + 8)}\" x2=\"{N(X(high))}\" y2=\"{N(bottom - 8)}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(X(q1))}\" y=\"{N(top)}\" width=\"{N(Math.Max(1, X(q3) - X(q1)))}\" height=\"{N(bottom - top)}\" fill=\"#9ecae1\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(median))}\" y1=\"{N(top)}\" x2=\"{N(X(median))}\" y2=\"{N(bottom)}\" stroke=\"#c00\" stroke-width=\"2\"/>");
        foreach (double o in v.Where(x => x < low || x > high))
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(o))}\" cy=\"{N(mid)}\" r=\"3\" fill=\"none\" stroke=\"#333\"/>");
        string F(double d) => WebUtility.HtmlEncode(MetricsCsv.FormatValue(Math.Round(d, 4)));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(left)}\" y=\"{height - 8}\" font-size=\"11\" font-family=\"sans-serif\">{F(min)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(width / 2.0)}\" y=\"{height - 8}\" font-size=\"11\" font-family=\"sans-serif\" text-anchor=\"middle\">median {F(median)} (n = {v.Length})</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(width - right)}\" y=\"{height - 8}\" font-size=\"11\" font-family=\"sans-serif\" text-anchor=\"end\">{F(max)}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
