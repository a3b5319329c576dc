namespace Cranio.Web;

/// <summary>One run of the pipeline on a case with given design parameters (a "version" of the design).</summary>
internal sealed record JobRecord(long Id, string CaseId, DesignParameters Parameters, JobStatus Status, string Stage, double Fraction,
    string? Error, CaseResults? Results, int Attempts, string Created, string? Started, string? Finished);
