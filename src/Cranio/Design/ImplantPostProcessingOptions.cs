namespace Cranio.Design;

/// <summary>Settings of the <see cref="ImplantPostProcessor"/>, validated on construction. Lengths in mm, volumes in mm³.</summary>
public sealed record ImplantPostProcessingOptions
{
    /// <summary>Creates validated options; every parameter has the default documented on its property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative, not finite or above its limit; the message names it.</exception>
    public ImplantPostProcessingOptions(double minimumIslandVolumeMm3 = 100, double openingRadiusMm = 0, double clinicalGapMm = 0)
    {
        Check(minimumIslandVolumeMm3, 1e7, nameof(minimumIslandVolumeMm3));
        Check(openingRadiusMm, 20, nameof(openingRadiusMm));
        Check(clinicalGapMm, 10, nameof(clinicalGapMm));
        MinimumIslandVolumeMm3 = minimumIslandVolumeMm3;
        OpeningRadiusMm = openingRadiusMm;
        ClinicalGapMm = clinicalGapMm;
    }

    /// <summary>Connected pieces (26-connected) smaller than this volume in mm³ are removed. Default 100 mm³; 0 keeps all.</summary>
    public double MinimumIslandVolumeMm3 { get; }

    /// <summary>
    /// Radius in mm of a morphological opening (erosion then dilation by a ball) that removes spikes and parts
    /// thinner than twice the radius. Default 0 (off).
    /// </summary>
    public double OpeningRadiusMm { get; }

    /// <summary>
    /// Clearance in mm between the implant and the skull at the defect border, left for fitting during surgery:
    /// implant voxels whose centre lies closer than this to a skull voxel centre are removed (<see cref="ClinicalGap"/>). Default 0 (off).
    /// </summary>
    public double ClinicalGapMm { get; }

    private static void Check(double value, double max, string name)
    {
        if (!(value >= 0 && value <= max))
            throw new ArgumentOutOfRangeException(name, value, $"{char.ToUpperInvariant(name[0])}{name[1..]} must be in [0, {max}]; got {value}.");
    }
}
