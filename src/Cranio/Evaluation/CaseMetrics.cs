namespace Cranio.Evaluation;

/// <summary>
/// The metrics of one case. NaN means "not computed" (bDSC without a defective skull, surface metrics when
/// switched off); +∞ marks a surface metric of an empty mask. Distances are in mm; see docs/METRICS.md.
/// </summary>
/// <param name="Case">Case name (relative path of the ground truth without extension).</param>
/// <param name="Overlap">Voxel counts behind DSC, RE and volumetric error.</param>
/// <param name="BoundaryDice">bDSC within the border width of the defective skull; NaN without one.</param>
/// <param name="Hausdorff95">HD95 in mm.</param>
/// <param name="Hausdorff">HD in mm.</param>
/// <param name="MeanSurfaceDeviation">Mean absolute surface deviation in mm.</param>
/// <param name="RmsSurfaceDeviation">Root-mean-square surface deviation in mm.</param>
public sealed record CaseMetrics(string Case, Overlap Overlap, double BoundaryDice, double Hausdorff95, double Hausdorff, double MeanSurfaceDeviation, double RmsSurfaceDeviation)
{
    /// <summary>DSC (see <see cref="Evaluation.Overlap.Dice"/>).</summary>
    public double Dice => Overlap.Dice;

    /// <summary>Reconstruction error (see <see cref="Evaluation.Overlap.ReconstructionError"/>).</summary>
    public double ReconstructionError => Overlap.ReconstructionError;

    /// <summary>Volumetric error rate (see <see cref="Evaluation.Overlap.VolumetricError"/>).</summary>
    public double VolumetricError => Overlap.VolumetricError;
}
