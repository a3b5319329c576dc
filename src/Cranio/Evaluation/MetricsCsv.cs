using System.Globalization;
using System.Text;
using Cranio.IO;

namespace Cranio.Evaluation;

/// <summary>
/// The per-case metrics table as CSV: header <c>case,dsc,bdsc,hd95,hd,re,vol_error</c>, one row per case in the
/// order given, then the summary rows <c>mean</c>, <c>median</c> and <c>std</c> (population, as numpy) of each
/// column over the cases that have a value. Numbers use the invariant culture and the shortest text that
/// round-trips; an empty cell is a value not computed (bdsc without a defective skull), <c>inf</c> an infinite
/// one (a surface metric of an empty mask), <c>nan</c> a summary made undefined by one.
/// </summary>
public static class MetricsCsv
{
    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["case", "dsc", "bdsc", "hd95", "hd", "re", "vol_error"];

    /// <summary>The names of the summary rows, in order.</summary>
    public static IReadOnlyList<string> SummaryRows { get; } = ["mean", "median", "std"];

    /// <summary>The metric values of a case in column order (without the case name).</summary>
    public static double[] Values(CaseMetrics m) => [m.Dice, m.BoundaryDice, m.Hausdorff95, m.Hausdorff, m.ReconstructionError, m.VolumetricError];

    /// <summary>The CSV text of <paramref name="cases"/>, lines ending in '\n'.</summary>
    public static string Format(IReadOnlyList<CaseMetrics> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var text = new StringBuilder();
        text.Append(string.Join(',', Columns)).Append('\n');
        foreach (CaseMetrics m in cases)
            text.Append(Quote(m.Case)).Append(',').Append(string.Join(',', Values(m).Select(FormatValue))).Append('\n');
        SummaryStatistics[] summaries = Enumerable.Range(0, Columns.Count - 1).Select(c => SummaryStatistics.Of(cases.Select(m => Values(m)[c]))).ToArray();
        AppendSummary(text, "mean", summaries, s => s.Mean);
        AppendSummary(text, "median", summaries, s => s.Median);
        AppendSummary(text, "std", summaries, s => s.StandardDeviation);
        return text.ToString();
    }

    /// <summary>Writes the CSV of <paramref name="cases"/> to <paramref name="path"/> atomically (UTF-8).</summary>
    public static void Write(string path, IReadOnlyList<CaseMetrics> cases) => AtomicFile.WriteAllText(path, Format(cases));

    /// <summary>A value as written in the table: empty for NaN, inf / -inf, else the shortest round-trip invariant text.</summary>
    public static string FormatValue(double v) =>
        double.IsNaN(v) ? "" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);

    private static void AppendSummary(StringBuilder text, string row, SummaryStatistics[] summaries, Func<SummaryStatistics, double> pick)
    {
        text.Append(row);
        foreach (SummaryStatistics s in summaries)
        {
            double v = pick(s);
            text.Append(',').Append(s.Count > 0 && double.IsNaN(v) ? "nan" : FormatValue(v));
        }
        text.Append('\n');
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
