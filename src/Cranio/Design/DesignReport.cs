using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>What a designer found and produced.</summary>
/// <param name="Designer">Name of the designer (<see cref="IImplantDesigner.Name"/>).</param>
/// <param name="Defects">The defects found, largest opening first; empty when the skull is complete.</param>
/// <param name="ImplantVolumeCm3">Volume of the implant mask in cm³ (voxel count × voxel volume / 1000).</param>
/// <param name="VaultCentre">Centre of the cranial vault used by the design (LPS mm), or null when the method has none.</param>
/// <param name="Warnings">Conditions the user should know about (for example a defect the method cannot restore).</param>
/// <param name="Timings">Wall-clock time per stage, in order.</param>
public sealed record DesignReport(
    string Designer,
    IReadOnlyList<DetectedDefect> Defects,
    double ImplantVolumeCm3,
    Vec3? VaultCentre,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<StageTiming> Timings)
{
    /// <summary>Total opening area of all defects in cm².</summary>
    public double TotalOpeningAreaCm2 => Defects.Sum(d => d.OpeningAreaCm2);

    /// <summary>
    /// True when any defect reaches below the vault centre's plane (<see cref="DetectedDefect.ReachesBelowVaultCentre"/>):
    /// the designs <see cref="LearnedDesigner"/> refines with its low-defect network.
    /// </summary>
    public bool AnyDefectReachesBelowVaultCentre => Defects.Any(d => d.ReachesBelowVaultCentre);

    /// <summary>Total wall-clock time of all stages.</summary>
    public TimeSpan TotalTime => Timings.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Elapsed);
}
