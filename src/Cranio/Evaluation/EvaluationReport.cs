using System.Globalization;
using System.Net;
using System.Text;
using Cranio.IO;

namespace Cranio.Evaluation;

/// <summary>One evaluated case with its slice images (null when not rendered).</summary>
/// <param name="Metrics">The case's metrics.</param>
/// <param name="Slices">Its three orthogonal slices, or null.</param>
public sealed record ReportCase(CaseMetrics Metrics, CaseSlices? Slices);

/// <summary>
/// The evaluation report: one self-contained HTML file (no external resources) with the summary table
/// (mean, median, std, min, max per metric), a box plot per metric (inline SVG), the unmatched cases, and per
/// case its metrics and three orthogonal slices (base64 PNG), worst cases (lowest DSC) first.
/// </summary>
public static class EvaluationReport
{
    private static readonly string[] Labels = ["DSC", "bDSC", "HD95 (mm)", "HD (mm)", "RE", "Volumetric error"];

    /// <summary>The HTML text of the report.</summary>
    /// <param name="cases">The evaluated cases, in any order.</param>
    /// <param name="matching">The matching, whose unmatched files are listed; null to list none.</param>
    public static string Format(IReadOnlyList<ReportCase> cases, CaseMatching? matching = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        string E(string s) => WebUtility.HtmlEncode(s);
        string V(double d) => double.IsNaN(d) ? "–" : E(MetricsCsv.FormatValue(Math.Round(d, 4)));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cranio evaluation</title><style>")
            .Append("body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
            .Append("th:first-child,td:first-child{text-align:left}.case{margin:1.5em 0;border-top:1px solid #aaa;padding-top:.5em}.case img{margin-right:8px;image-rendering:pixelated;border:1px solid #999}")
            .Append(".plots svg{margin:4px 12px 4px 0;border:1px solid #eee}.legend span{display:inline-block;padding:0 6px;margin-right:6px}</style></head><body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Cranio evaluation</h1>\n<p>{cases.Count} case(s). Definitions: docs/METRICS.md.</p>\n");

        var columns = Enumerable.Range(0, Labels.Length).Select(c => cases.Select(k => MetricsCsv.Values(k.Metrics)[c]).ToArray()).ToArray();
        html.Append("<h2>Summary</h2>\n<table><tr><th>metric</th><th>n</th><th>mean</th><th>median</th><th>std</th><th>min</th><th>max</th></tr>\n");
        for (int c = 0; c < Labels.Length; c++)
        {
            SummaryStatistics s = SummaryStatistics.Of(columns[c]);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Labels[c])}</td><td>{s.Count}</td><td>{V(s.Mean)}</td><td>{V(s.Median)}</td><td>{V(s.StandardDeviation)}</td><td>{V(s.Min)}</td><td>{V(s.Max)}</td></tr>\n");
        }
        html.Append("</table>\n<div class=\"plots\">\n");
        for (int c = 0; c < Labels.Length; c++) html.Append(BoxPlotSvg.Render(Labels[c], columns[c])).Append('\n');
        html.Append("</div>\n");

        if (matching is not null && (matching.MissingPredictions.Count + matching.ExtraPredictions.Count + matching.MissingDefectiveSkulls.Count) > 0)
        {
            html.Append("<h2>Unmatched</h2>\n<ul>\n");
            foreach (string m in matching.MissingPredictions) html.Append(CultureInfo.InvariantCulture, $"<li>missing prediction: {E(m)}</li>\n");
            foreach (string m in matching.ExtraPredictions) html.Append(CultureInfo.InvariantCulture, $"<li>extra prediction (no ground truth): {E(m)}</li>\n");
            foreach (string m in matching.MissingDefectiveSkulls) html.Append(CultureInfo.InvariantCulture, $"<li>no defective skull (bDSC not computed): {E(m)}</li>\n");
            html.Append("</ul>\n");
        }

        html.Append("<h2>Cases, worst DSC first</h2>\n<p class=\"legend\"><span style=\"background:#0f0\">ground truth</span><span style=\"background:#f0f\">prediction</span>")
            .Append("<span style=\"background:#fff;border:1px solid #999\">both</span><span style=\"background:#6e6e6e;color:#fff\">defective skull</span></p>\n");
        foreach (ReportCase k in cases.OrderBy(k => k.Metrics.Dice).ThenBy(k => k.Metrics.Case, StringComparer.Ordinal))
        {
            CaseMetrics m = k.Metrics;
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"case\"><h3>{E(m.Case)}</h3>\n<p>DSC {V(m.Dice)} · bDSC {V(m.BoundaryDice)} · HD95 {V(m.Hausdorff95)} mm · HD {V(m.Hausdorff)} mm · RE {V(m.ReconstructionError)} · volumetric error {V(m.VolumetricError)} · mean surface deviation {V(m.MeanSurfaceDeviation)} mm</p>\n");
            if (k.Slices is CaseSlices s)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>slices through voxel ({s.Center.X}, {s.Center.Y}, {s.Center.Z}): axial, coronal, sagittal</p>\n");
                foreach (byte[] png in new[] { s.Axial, s.Coronal, s.Sagittal })
                    html.Append("<img alt=\"slice\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">");
                html.Append('\n');
            }
            html.Append("</div>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>Writes the report to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IReadOnlyList<ReportCase> cases, CaseMatching? matching = null) =>
        AtomicFile.WriteAllText(path, Format(cases, matching));
}
