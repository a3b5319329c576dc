using System.Diagnostics;
using Cranio.Design;
using Cranio.Meshing;
using Cranio.Pipeline;

namespace Cranio.Web;

/// <summary>
/// The production processor: runs the library's <see cref="CasePipeline"/> (reading → skull extraction for a CT →
/// implant design → print preparation with the job's clinical gap → meshing → report) with the job's method and mesh smoothing, and maps its result to
/// <see cref="CaseResults"/>: defect opening areas (cm²) and implant volume (cm³) from the design report.
/// </summary>
public sealed class PipelineCaseProcessor : ICaseProcessor
{
    /// <inheritdoc/>
    /// <remarks>The pipeline supports every valid parameter set.</remarks>
    public string? Unsupported(DesignParameters parameters) => null;

    /// <inheritdoc/>
    public CaseResults Process(string inputPath, CaseInputKind kind, DesignParameters parameters, string outputDirectory,
        IProgress<JobProgress> progress, CancellationToken cancellation)
    {
        if (Unsupported(parameters) is { } problem) throw new ArgumentException(problem, nameof(parameters));
        var clock = Stopwatch.StartNew();
        var options = new PipelineOptions
        {
            Method = parameters.Method,
            InputKind = kind == CaseInputKind.Ct ? InputKind.Ct : InputKind.Mask,
            Surface = new MaskSurfaceOptions(parameters.SmoothingIterations),
            PostProcessing = new ImplantPostProcessingOptions(clinicalGapMm: parameters.ClinicalGapMm),
        };
        PipelineResult r = new CasePipeline(options).Run(inputPath, outputDirectory, new StageProgress(progress), cancellation);
        return new CaseResults(
            Path.GetFileName(r.SkullMaskPath), Path.GetFileName(r.SkullStlPath), Path.GetFileName(r.ImplantMaskPath), Path.GetFileName(r.ImplantStlPath),
            Path.GetFileName(r.ReportHtmlPath), Path.GetFileName(r.ReportJsonPath), r.CtPath is null ? null : Path.GetFileName(r.CtPath),
            r.Design.Defects.Select(d => d.OpeningAreaCm2).ToArray(), r.Design.ImplantVolumeCm3, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Forwards the pipeline's progress synchronously (no <see cref="Progress{T}"/> thread hop, so reports stay in order).</summary>
    private sealed class StageProgress(IProgress<JobProgress> target) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => target.Report(new JobProgress(value.Stage, value.Fraction));
    }
}
