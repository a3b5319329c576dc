namespace Cranio.Segmentation;

/// <summary>What <see cref="SkullExtractor"/> did: the steps in order and the voxels they kept and dropped.</summary>
/// <param name="Steps">The steps run, each in words with its parameters.</param>
/// <param name="ThresholdVoxels">Voxels in the threshold range.</param>
/// <param name="ComponentsFound">Connected components of the thresholded mask (0 when the step was off).</param>
/// <param name="ComponentsDropped">Components dropped by keeping the largest.</param>
/// <param name="VoxelsDropped">Voxels in the dropped components.</param>
/// <param name="SkullVoxels">Voxels of the final mask.</param>
/// <param name="SkullVolumeCm3">Volume of the final mask in cm³.</param>
/// <param name="Seconds">Wall time of the extraction.</param>
public sealed record SkullExtractionReport(
    IReadOnlyList<string> Steps,
    long ThresholdVoxels,
    int ComponentsFound,
    int ComponentsDropped,
    long VoxelsDropped,
    long SkullVoxels,
    double SkullVolumeCm3,
    double Seconds);
