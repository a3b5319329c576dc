using Cranio.Volumes;

namespace Cranio.Filters;

/// <summary>
/// Connected-component labelling of masks (non-zero voxels are foreground) and the clean-ups built on it.
/// Voxel order is x fastest; labels are numbered by first occurrence in that order, as scipy.ndimage.label does.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>
    /// Labels the connected components of the non-zero voxels of <paramref name="mask"/>.
    /// </summary>
    /// <param name="mask">The mask; any non-zero voxel is foreground.</param>
    /// <param name="connectivity">6, 18 or 26 (see <see cref="Connectivity"/>); default 26.</param>
    /// <returns>Labels 1…N on the mask's grid (0 on background) and the voxel count of every component.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The connectivity is not 6, 18 or 26.</exception>
    public static ComponentLabels Label(Volume<byte> mask, int connectivity = Connectivity.Full) =>
        RunLabeller.Label(mask, connectivity, background: false);

    /// <summary>
    /// Labels the connected components of the zero voxels of <paramref name="mask"/> (the background), for
    /// example to find cavities for hole filling. Foreground voxels get label 0.
    /// </summary>
    /// <param name="mask">The mask; zero voxels are labelled.</param>
    /// <param name="connectivity">6, 18 or 26; default 6, the usual dual of a 26-connected foreground.</param>
    /// <exception cref="ArgumentOutOfRangeException">The connectivity is not 6, 18 or 26.</exception>
    public static ComponentLabels LabelBackground(Volume<byte> mask, int connectivity = Connectivity.Faces) =>
        RunLabeller.Label(mask, connectivity, background: true);

    /// <summary>
    /// A mask holding only the largest connected component of <paramref name="mask"/> (by voxel count; the first in
    /// scan order on ties). An empty mask gives an empty mask. Same grid as the input.
    /// </summary>
    /// <param name="mask">The mask; any non-zero voxel is foreground.</param>
    /// <param name="connectivity">6, 18 or 26; default 26.</param>
    public static Volume<byte> KeepLargest(Volume<byte> mask, int connectivity = Connectivity.Full)
    {
        ComponentLabels components = Label(mask, connectivity);
        int largest = components.LargestLabel;
        return components.Select(label => label == largest);
    }

    /// <summary>
    /// A mask without the connected components whose volume is below <paramref name="minVolumeMm3"/>:
    /// a component is kept when voxel count × <see cref="Grid.VoxelVolume"/> ≥ <paramref name="minVolumeMm3"/>.
    /// Same grid as the input.
    /// </summary>
    /// <param name="mask">The mask; any non-zero voxel is foreground.</param>
    /// <param name="minVolumeMm3">Smallest volume kept, in mm³ (finite, ≥ 0).</param>
    /// <param name="connectivity">6, 18 or 26; default 26.</param>
    /// <exception cref="ArgumentOutOfRangeException">The volume is negative or not finite, or the connectivity is invalid.</exception>
    public static Volume<byte> RemoveSmallerThan(Volume<byte> mask, double minVolumeMm3, int connectivity = Connectivity.Full)
    {
        if (!double.IsFinite(minVolumeMm3) || minVolumeMm3 < 0)
            throw new ArgumentOutOfRangeException(nameof(minVolumeMm3), minVolumeMm3, $"Minimum component volume must be a finite number of mm³ ≥ 0; got {minVolumeMm3}.");
        ComponentLabels components = Label(mask, connectivity);
        return components.Select(label => components.VolumeMm3(label) >= minVolumeMm3);
    }
}
