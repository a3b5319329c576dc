namespace Cranio.Design;

/// <summary>How a <see cref="PatchWindow"/> brings an input mask onto its working grid.</summary>
public enum WorkingGridSampling
{
    /// <summary>
    /// The crop's trilinear interpolant read at each working voxel centre (<see cref="Volumes.Resampler"/>). On a
    /// working grid coarser than the input a voxel sees only the input voxels next to its centre, so a surface
    /// anywhere else in it is rounded to the voxel. The default, which the shipped network was trained with (and every
    /// network trained before the metadata key "window_sampling" existed).
    /// </summary>
    Trilinear,

    /// <summary>
    /// The fraction of each working voxel covered by the mask (<see cref="Volumes.PartialVolumeResampler"/>), so the
    /// network sees and learns sub-voxel surface positions (<c>cranio train --window-sampling area-average</c>).
    /// </summary>
    AreaAverage,
}
