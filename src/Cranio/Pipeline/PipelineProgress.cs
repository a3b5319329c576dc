namespace Cranio.Pipeline;

/// <summary>Where a pipeline run is.</summary>
/// <param name="Stage">The stage now running, in words ("reading", "extracting the skull", "designing", …).</param>
/// <param name="Fraction">Overall fraction done, 0…1.</param>
public readonly record struct PipelineProgress(string Stage, double Fraction);
