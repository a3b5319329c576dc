namespace Cranio.Web;

/// <summary>The kind of volume a case was uploaded as.</summary>
public enum CaseInputKind
{
    /// <summary>A head CT in HU (DICOM series, NRRD or NIfTI).</summary>
    Ct,

    /// <summary>A skull mask (0/1), already segmented.</summary>
    SkullMask,
}

/// <summary>
/// Runs the pipeline on one case: the web application's only door to the algorithms. The production processor
/// calls the library's case pipeline; tests plug in small real ones.
/// </summary>
public interface ICaseProcessor
{
    /// <summary>Why this processor cannot run <paramref name="parameters"/>, or null when it can; checked before a job is queued.</summary>
    string? Unsupported(DesignParameters parameters);

    /// <summary>
    /// Processes the input at <paramref name="inputPath"/> (a volume file, or a folder holding a DICOM series) into
    /// <paramref name="outputDirectory"/> (empty, created by the caller), reporting stage and progress, and returns what it wrote.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled; the job will run again.</exception>
    CaseResults Process(string inputPath, CaseInputKind kind, DesignParameters parameters, string outputDirectory,
        IProgress<JobProgress> progress, CancellationToken cancellation);
}
