using System.Runtime.ExceptionServices;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>
/// Evaluates matched cases: reads each case's files (<see cref="VolumeFile.Read(string)"/>; voxels ≥ 1 are inside,
/// so int32 {0, 1} label files work as they are), computes its <see cref="CaseMetrics"/> and, if asked, its
/// slices, then drops the volumes. Cases run <see cref="MaxParallelCases"/> at a time: a 512×512×400 case
/// holds about 1 GB while its int32 files are converted, so more would not pay on a small machine.
/// </summary>
public static class BatchEvaluator
{
    /// <summary>Cases evaluated at the same time (2).</summary>
    public const int MaxParallelCases = 2;

    /// <summary>Evaluates <paramref name="cases"/>; results are in the order of the input.</summary>
    /// <param name="cases">The cases to evaluate.</param>
    /// <param name="options">Metric settings; defaults when null.</param>
    /// <param name="renderSlices">Whether to render each case's slices for the report.</param>
    /// <param name="progress">Receives the fraction of cases done (0…1), or null.</param>
    /// <exception cref="CranioFormatException">A file cannot be read.</exception>
    /// <exception cref="GridMismatchException">The files of a case are on different grids.</exception>
    public static IReadOnlyList<ReportCase> Run(IReadOnlyList<CaseFiles> cases, EvaluationOptions? options = null, bool renderSlices = false, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var results = new ReportCase[cases.Count];
        int done = 0;
        try
        {
            Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelCases }, i =>
            {
                results[i] = Evaluate(cases[i], options, renderSlices);
                progress?.Report((double)Interlocked.Increment(ref done) / cases.Count);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the case's own error (a bad file, a grid mismatch), not the wrapper of the parallel loop.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return results;
    }

    /// <summary>Reads and evaluates one case.</summary>
    public static ReportCase Evaluate(CaseFiles files, EvaluationOptions? options = null, bool renderSlices = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        // The files are decompressed concurrently: gzip inflation of one file runs on one core.
        Volume<byte>? prediction = null, truth = null, defective = null;
        try
        {
            Parallel.Invoke(
                () => prediction = ReadMask(files.Prediction),
                () => truth = ReadMask(files.Truth),
                () => defective = files.DefectiveSkull is null ? null : ReadMask(files.DefectiveSkull));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        if (prediction is null || truth is null) throw new InvalidOperationException($"Case {files.Name} was not read.");
        truth.Grid.EnsureSameAs(prediction.Grid, files.Truth, files.Prediction);
        if (defective is not null) truth.Grid.EnsureSameAs(defective.Grid, files.Truth, files.DefectiveSkull!);
        CaseMetrics metrics = CaseEvaluator.Evaluate(files.Name, prediction, truth, defective, options);
        CaseSlices? slices = renderSlices ? SliceRenderer.Render(prediction, truth, defective) : null;
        return new ReportCase(metrics, slices);
    }

    private static Volume<byte> ReadMask(string path) => VolumeFile.Read(path).ToMask();
}
