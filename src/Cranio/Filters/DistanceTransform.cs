using Cranio.Volumes;

namespace Cranio.Filters;

/// <summary>
/// Exact Euclidean distance transforms of masks in millimetres, with anisotropic spacing, measured between
/// voxel centres (as scipy.ndimage.distance_transform_edt with <c>sampling=spacing</c>).
/// </summary>
/// <remarks>
/// <para>Outputs are float32 volumes on the input grid (same sizes, spacing, origin, direction, metadata).</para>
/// <para>The distance between voxels (i, j, k) and (i', j', k') is
/// √((sx·(i−i'))² + (sy·(j−j'))² + (sz·(k−k'))²), with s the grid spacing. For an oblique grid the spacing is
/// the length of each space-direction vector and the axes are treated as orthogonal: the result is exact for
/// orthogonal directions (any rotation or flip) and ignores the shear of non-orthogonal ones.</para>
/// <para>Only voxels inside the grid are targets: nothing outside the grid counts as foreground or background.
/// When there is no target voxel at all (an empty mask for the distance to the foreground, a full mask for the
/// distance to the background) every output voxel is +∞.</para>
/// </remarks>
public static class DistanceTransform
{
    /// <summary>Squared distance (mm²) from every voxel to the nearest non-zero voxel; 0 on the foreground, +∞ everywhere for an empty mask.</summary>
    public static Volume<float> SquaredDistanceToForeground(Volume<byte> mask) => Squared(mask, toForeground: true);

    /// <summary>Distance (mm) from every voxel to the nearest non-zero voxel; 0 on the foreground, +∞ everywhere for an empty mask.</summary>
    public static Volume<float> DistanceToForeground(Volume<byte> mask) => Plain(Squared(mask, toForeground: true));

    /// <summary>Squared distance (mm²) from every voxel to the nearest zero voxel; 0 on the background, +∞ everywhere for a full mask.</summary>
    public static Volume<float> SquaredDistanceToBackground(Volume<byte> mask) => Squared(mask, toForeground: false);

    /// <summary>
    /// Distance (mm) from every voxel to the nearest zero voxel; 0 on the background, +∞ everywhere for a full mask.
    /// This is scipy's <c>distance_transform_edt(mask, sampling=spacing)</c>.
    /// </summary>
    public static Volume<float> DistanceToBackground(Volume<byte> mask) => Plain(Squared(mask, toForeground: false));

    /// <summary>
    /// Signed distance (mm): DistanceToForeground − DistanceToBackground. Background voxels get the positive
    /// distance to the nearest foreground voxel centre, foreground voxels minus the distance to the nearest
    /// background voxel centre, so no voxel is 0: the voxels on either side of the boundary are ±(one spacing
    /// or more) and the surface lies between them. An empty mask gives +∞ everywhere, a full mask −∞.
    /// </summary>
    public static Volume<float> SignedDistance(Volume<byte> mask)
    {
        Volume<float> outside = DistanceToForeground(mask);
        Volume<float> inside = DistanceToBackground(mask);
        float[] result = outside.Data, subtract = inside.Data;
        int sliceLength = mask.Grid.SliceLength;
        Parallel.For(0, mask.Grid.SizeZ, z =>
        {
            Span<float> a = result.AsSpan(z * sliceLength, sliceLength);
            ReadOnlySpan<float> b = subtract.AsSpan(z * sliceLength, sliceLength);
            for (int i = 0; i < a.Length; i++) a[i] -= b[i];
        });
        return outside;
    }

    private static Volume<float> Squared(Volume<byte> mask, bool toForeground)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var result = mask.SameGrid<float>();
        EuclideanDistanceTransform.Squared(mask.Data, mask.Grid.Size, mask.Grid.Spacing, toForeground, outsideIsTarget: false, result.Data);
        return result;
    }

    private static Volume<float> Plain(Volume<float> squared)
    {
        EuclideanDistanceTransform.SquareRoot(squared.Data, squared.Grid.SliceLength);
        return squared;
    }
}
