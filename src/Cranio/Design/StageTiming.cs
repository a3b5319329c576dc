namespace Cranio.Design;

/// <summary>Wall-clock time spent in one stage of a design.</summary>
/// <param name="Stage">Name of the stage (for example "ray cast").</param>
/// <param name="Elapsed">Time spent.</param>
public sealed record StageTiming(string Stage, TimeSpan Elapsed);
