using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>One skull defect found by a designer.</summary>
/// <param name="Index">0-based number of the defect, largest opening first.</param>
/// <param name="OpeningAreaCm2">
/// Area of the opening in cm²: the area of the restored outer skull surface over the directions without bone,
/// <c>Σ Ωᵥ · rᵥ² / 100</c> over the defect's ray directions v with solid angle Ωᵥ (sr) and restored outer radius rᵥ (mm)
/// (the spherical-map designer) or the radius of the sphere fitted to the vault (the mirror designer).
/// </param>
/// <param name="Centre">Centre of the opening on the restored outer surface (LPS mm), area-weighted.</param>
/// <param name="Direction">Unit direction from the vault centre to <paramref name="Centre"/> (LPS).</param>
/// <param name="DirectionCount">Number of ray directions in the defect.</param>
/// <param name="ReachesBelowVaultCentre">
/// True when a ray direction of the defect points below the horizontal plane through the vault centre
/// (<see cref="SkullShapeModel.NeedsFacePose"/>): the defect reaches towards the orbits, temples or skull base, where bone
/// beyond the vault's shell is what designs miss most (docs/RESULTS.md).
/// </param>
public sealed record DetectedDefect(int Index, double OpeningAreaCm2, Vec3 Centre, Vec3 Direction, int DirectionCount, bool ReachesBelowVaultCentre);
