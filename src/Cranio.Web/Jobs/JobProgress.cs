namespace Cranio.Web;

/// <summary>Progress of a running job: the pipeline stage (extraction, design, meshing, report) and the fraction 0…1 of the whole job.</summary>
/// <param name="Stage">Name of the stage now running.</param>
/// <param name="Fraction">Fraction of the whole job done, 0…1.</param>
public readonly record struct JobProgress(string Stage, double Fraction);
