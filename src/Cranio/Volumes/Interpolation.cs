namespace Cranio.Volumes;

/// <summary>How a resampler reads the source volume at a continuous index.</summary>
public enum Interpolation
{
    /// <summary>
    /// The voxel whose centre is nearest (index rounded half up, ⌊i + 0.5⌋ per axis). Keeps the value set of
    /// the source: use it for masks and label images.
    /// </summary>
    Nearest,

    /// <summary>
    /// Trilinear blend of the eight surrounding voxel centres, computed in double precision; integer voxel
    /// types are rounded to nearest and saturated. Use it for CT (HU) and other intensity images.
    /// </summary>
    Trilinear,
}
