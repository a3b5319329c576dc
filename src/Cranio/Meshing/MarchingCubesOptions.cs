namespace Cranio.Meshing;

/// <summary>
/// Settings of <see cref="MarchingCubes"/>: which iso-level separates inside from outside. Immutable and validated
/// on construction.
/// </summary>
public sealed class MarchingCubesOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="level">The iso-level in the volume's value units (HU for a CT); default 0.5, the level of a 0/1 mask.</param>
    /// <param name="interiorBelowLevel">False (default): voxels with value &gt; <paramref name="level"/> are inside (a mask,
    /// bone in a CT). True: voxels with value &lt; <paramref name="level"/> are inside (a distance or implicit field that is
    /// negative or small inside).</param>
    /// <exception cref="ArgumentOutOfRangeException">The level is not finite.</exception>
    public MarchingCubesOptions(double level = 0.5, bool interiorBelowLevel = false)
    {
        if (!double.IsFinite(level))
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Level must be a finite number; got {level}.");
        Level = level;
        InteriorBelowLevel = interiorBelowLevel;
    }

    /// <summary>Options for a 0/1 mask: level 0.5, inside above.</summary>
    public static MarchingCubesOptions Mask { get; } = new();

    /// <summary>The iso-level; default 0.5.</summary>
    public double Level { get; }

    /// <summary>True when values below <see cref="Level"/> are inside; default false (values above are inside).</summary>
    public bool InteriorBelowLevel { get; }

    /// <summary>
    /// Interpolation parameters along an edge are clamped to [Snap, 1 − Snap] (in units of the edge length), so a
    /// voxel value exactly at the level never makes two vertices coincide and no triangle has zero area.
    /// </summary>
    public const double Snap = 1e-3;
}
