using Cranio.Volumes;

namespace Cranio.Phantoms;

/// <summary>
/// Parameters of the procedural head phantom built by <see cref="SkullPhantom"/>. Lengths in mm, densities in HU.
/// </summary>
/// <param name="Spacing">Voxel spacing in mm (default 0.8 mm isotropic).</param>
/// <param name="Seed">Seed of the CT noise and texture (default 1).</param>
/// <param name="TiltDegrees">Gantry tilt: rotation of the voxel axes about x (left–right), in degrees (default 0). A
/// non-zero tilt gives an oblique grid like a third of the SkullFix cases.</param>
/// <param name="NoiseHu">Standard deviation of the CT noise in HU (default 25).</param>
/// <param name="DefectRadius">Radius of a spherical defect cut into the vault in mm; 0 for none (default 0).</param>
/// <param name="DefectDirection">Direction from the head centre to the defect centre, LPS (default: upper left side).</param>
public sealed record SkullPhantomOptions(
    double Spacing = 0.8,
    ulong Seed = 1,
    double TiltDegrees = 0,
    double NoiseHu = 25,
    double DefectRadius = 0,
    Vec3? DefectDirection = null)
{
    /// <summary>Validates the options; throws <see cref="ArgumentException"/> naming the parameter.</summary>
    public SkullPhantomOptions Validate()
    {
        if (!(Spacing >= 0.2 && Spacing <= 4)) throw new ArgumentException($"Spacing must be 0.2–4 mm; got {Spacing}.", nameof(Spacing));
        if (!(Math.Abs(TiltDegrees) <= 30)) throw new ArgumentException($"Tilt must be within ±30°; got {TiltDegrees}.", nameof(TiltDegrees));
        if (!(NoiseHu >= 0 && NoiseHu <= 500)) throw new ArgumentException($"Noise must be 0–500 HU; got {NoiseHu}.", nameof(NoiseHu));
        if (!(DefectRadius >= 0 && DefectRadius <= 60)) throw new ArgumentException($"Defect radius must be 0–60 mm; got {DefectRadius}.", nameof(DefectRadius));
        if (DefectDirection is { } d && !(d.Length > 0)) throw new ArgumentException("Defect direction must be non-zero.", nameof(DefectDirection));
        return this;
    }
}
