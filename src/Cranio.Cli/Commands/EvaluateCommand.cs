using System.CommandLine;
using System.Globalization;
using Cranio.Evaluation;

namespace Cranio.Cli.Commands;

/// <summary>
/// <c>cranio evaluate --pred P --gt G [--defective D] [--csv FILE] [--report FILE]</c>: the AutoImplant metrics
/// of predicted implants against ground truths, for one case (three files) or a dataset (three folders, cases
/// matched by relative path or unique file name). Missing predictions are listed and make the exit code 1
/// (after the matched cases are scored and written); extra predictions are listed as warnings.
/// </summary>
public static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var prediction = new Option<string>("--pred") { Description = "Predicted implant mask: a file, or a folder searched recursively.", Required = true };
        var truth = new Option<string>("--gt") { Description = "Ground-truth implant mask: a file, or a folder searched recursively.", Required = true };
        var defective = new Option<string?>("--defective") { Description = "Defective skull mask (file or folder); enables bDSC." };
        var csv = new Option<string?>("--csv") { Description = "Write the per-case metrics and summary rows to this CSV file." };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report (summary, box plots, slices per case) to this file." };
        var width = new Option<double>("--boundary-width") { Description = "Width in mm of the bDSC border region around the defective skull.", DefaultValueFactory = _ => BoundaryDice.DefaultWidthMm };
        var command = new Command("evaluate", "Score predicted implants against ground truths: DSC, bDSC, HD95, HD (mm), reconstruction error, volumetric error.")
        {
            prediction, truth, defective, csv, report, width,
        };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string p = parse.GetRequiredValue(prediction), g = parse.GetRequiredValue(truth);
            string? d = parse.GetValue(defective), csvPath = parse.GetValue(csv), reportPath = parse.GetValue(report);
            double boundaryWidth = parse.GetValue(width);
            if (!(double.IsFinite(boundaryWidth) && boundaryWidth > 0))
                throw new UsageException($"--boundary-width must be a positive number of mm; got {boundaryWidth.ToString(CultureInfo.InvariantCulture)}.");
            string[] inputs = d is null ? [p, g] : [p, g, d];
            foreach (string? output in new[] { csvPath, reportPath })
                if (output is not null) CliPaths.EnsureNotAnInput(output, inputs);

            CaseMatching matching = CaseMatcher.Match(p, g, d);
            foreach (string m in matching.MissingPredictions) context.Error.WriteLine($"cranio: missing prediction for case {m}");
            foreach (string m in matching.ExtraPredictions) context.Error.WriteLine($"cranio: warning: prediction {m} matches no ground truth; not scored");
            foreach (string m in matching.MissingDefectiveSkulls) context.Error.WriteLine($"cranio: warning: no defective skull for case {m}; bDSC left empty");
            if (matching.Cases.Count == 0)
                throw new InvalidOperationException($"no case to evaluate: none of the {matching.MissingPredictions.Count} ground truth(s) in {g} has a prediction in {p}.");

            var options = new EvaluationOptions(boundaryWidth);
            IReadOnlyList<ReportCase> results = context.WithProgress($"Evaluating {matching.Cases.Count} case(s)",
                progress => BatchEvaluator.Run(matching.Cases, options, renderSlices: reportPath is not null, progress));
            List<CaseMetrics> metrics = results.Select(r => r.Metrics).ToList();
            if (csvPath is not null) MetricsCsv.Write(csvPath, metrics);
            if (reportPath is not null) EvaluationReport.Write(reportPath, results, matching);
            Print(context, metrics);
            if (csvPath is not null) context.Say($"Wrote {csvPath}");
            if (reportPath is not null) context.Say($"Wrote {reportPath}");
            if (matching.MissingPredictions.Count > 0)
            {
                context.Error.WriteLine($"cranio: error: {matching.MissingPredictions.Count} ground-truth case(s) have no prediction: {string.Join(", ", matching.MissingPredictions)}");
                return CliContext.Failure;
            }
            return 0;
        }));
        return command;
    }

    private static void Print(CliContext context, IReadOnlyList<CaseMetrics> metrics)
    {
        if (context.Quiet) return;
        string F(double v) => double.IsNaN(v) ? "-" : double.IsPositiveInfinity(v) ? "inf" : v.ToString("0.0000", CultureInfo.InvariantCulture);
        int nameWidth = Math.Max(6, metrics.Max(m => m.Case.Length));
        string header = $"{"case".PadRight(nameWidth)}  {"dsc",8} {"bdsc",8} {"hd95",8} {"hd",8} {"re",8} {"vol_err",8}";
        context.Output.WriteLine(header);
        void Row(string name, double[] v) => context.Output.WriteLine($"{name.PadRight(nameWidth)}  {string.Join(" ", v.Select(x => F(x).PadLeft(8)))}");
        foreach (CaseMetrics m in metrics) Row(m.Case, MetricsCsv.Values(m));
        if (metrics.Count < 2) return;
        SummaryStatistics[] s = Enumerable.Range(0, 6).Select(c => SummaryStatistics.Of(metrics.Select(m => MetricsCsv.Values(m)[c]))).ToArray();
        Row("mean", s.Select(x => x.Mean).ToArray());
        Row("median", s.Select(x => x.Median).ToArray());
        Row("std", s.Select(x => x.StandardDeviation).ToArray());
    }
}
