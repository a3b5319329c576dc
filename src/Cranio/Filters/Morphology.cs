using Cranio.Volumes;

namespace Cranio.Filters;

/// <summary>
/// Binary morphology with a ball of radius r in millimetres, computed through the exact Euclidean distance
/// transform (as scikit-image's isotropic morphology), so the cost does not grow with the radius.
/// </summary>
/// <remarks>
/// <para>The ball holds the voxels whose centre is within r of the centre voxel, using the grid spacing
/// (anisotropic spacing gives an ellipsoid in voxels; see <see cref="DistanceTransform"/> for oblique grids).
/// "Within" is d² ≤ r²·(1 + 1e-6): the small relative tolerance absorbs float rounding so that voxels at exactly r
/// are included.</para>
/// <para>Borders: everything outside the grid counts as background. Dilation therefore never grows from outside,
/// and erosion removes voxels within r of the grid border (the ball would reach outside). Duality holds with the
/// complement taken over all of space: Erode(A) = not Dilate(not A), where not A includes the outside.
/// <see cref="Open"/> and <see cref="Close"/> are computed as on an unbounded grid (closing pads the volume by the
/// radius internally), so opening is anti-extensive and closing extensive even at the border.</para>
/// <para>Outputs are masks (0/1) on the input grid with the input's metadata; any non-zero input voxel is foreground.</para>
/// </remarks>
public static class Morphology
{
    /// <summary>Relative tolerance on r² deciding whether a voxel at distance d is within the ball.</summary>
    internal const double RadiusTolerance = 1e-6;

    /// <summary>Dilation: voxels within <paramref name="radiusMm"/> of a foreground voxel.</summary>
    /// <param name="mask">The mask.</param>
    /// <param name="radiusMm">Ball radius in mm (finite, ≥ 0; 0 returns a copy as 0/1).</param>
    /// <exception cref="ArgumentOutOfRangeException">The radius is negative or not finite.</exception>
    public static Volume<byte> Dilate(Volume<byte> mask, double radiusMm) => Apply(mask, radiusMm, dilate: true);

    /// <summary>Erosion: foreground voxels farther than <paramref name="radiusMm"/> from every background voxel and from the outside of the grid.</summary>
    /// <param name="mask">The mask.</param>
    /// <param name="radiusMm">Ball radius in mm (finite, ≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">The radius is negative or not finite.</exception>
    public static Volume<byte> Erode(Volume<byte> mask, double radiusMm) => Apply(mask, radiusMm, dilate: false);

    /// <summary>Opening: Dilate(Erode(A)), the union of the balls that fit inside the foreground. Anti-extensive.</summary>
    /// <param name="mask">The mask.</param>
    /// <param name="radiusMm">Ball radius in mm (finite, ≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">The radius is negative or not finite.</exception>
    public static Volume<byte> Open(Volume<byte> mask, double radiusMm) => Dilate(Erode(mask, radiusMm), radiusMm);

    /// <summary>
    /// Closing: Erode(Dilate(A)) on an unbounded grid, the complement of the union of the balls that fit in the
    /// background; it bridges gaps narrower than 2r and fills holes of radius below r. Extensive.
    /// </summary>
    /// <param name="mask">The mask.</param>
    /// <param name="radiusMm">Ball radius in mm (finite, ≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">The radius is negative or not finite.</exception>
    public static Volume<byte> Close(Volume<byte> mask, double radiusMm)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ValidateRadius(radiusMm);
        Grid grid = mask.Grid;
        Vec3 s = grid.Spacing;
        // Beyond this padding every voxel is farther than r from the grid, so it stays background after dilation.
        var pad = ((int)Math.Floor(radiusMm / s.X) + 1, (int)Math.Floor(radiusMm / s.Y) + 1, (int)Math.Floor(radiusMm / s.Z) + 1);
        var paddedSize = (grid.SizeX + 2 * pad.Item1, grid.SizeY + 2 * pad.Item2, grid.SizeZ + 2 * pad.Item3);
        byte[] padded = Pad(mask.Data, grid.Size, pad, paddedSize);
        var dilated = new byte[padded.Length];
        Threshold(padded, paddedSize, s, radiusMm, dilate: true, dilated);
        Threshold(dilated, paddedSize, s, radiusMm, dilate: false, padded);
        var result = mask.SameGrid<byte>();
        Crop(padded, paddedSize, pad, result.Data, grid.Size);
        return result;
    }

    private static Volume<byte> Apply(Volume<byte> mask, double radiusMm, bool dilate)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ValidateRadius(radiusMm);
        var result = mask.SameGrid<byte>();
        Threshold(mask.Data, mask.Grid.Size, mask.Grid.Spacing, radiusMm, dilate, result.Data);
        return result;
    }

    private static void ValidateRadius(double radiusMm)
    {
        if (!double.IsFinite(radiusMm) || radiusMm < 0)
            throw new ArgumentOutOfRangeException(nameof(radiusMm), radiusMm, $"Radius must be a finite number of mm ≥ 0; got {radiusMm}.");
    }

    /// <summary>
    /// Dilation: output 1 where the squared distance to the foreground is within r². Erosion: output 1 where the
    /// squared distance to the background or the outside exceeds r².
    /// </summary>
    private static void Threshold(byte[] voxels, (int X, int Y, int Z) size, Vec3 spacing, double radiusMm, bool dilate, byte[] output)
    {
        var squared = new float[voxels.Length];
        EuclideanDistanceTransform.Squared(voxels, size, spacing, toForeground: dilate, outsideIsTarget: !dilate, squared);
        float limit = (float)(radiusMm * radiusMm * (1 + RadiusTolerance));
        int sliceLength = size.X * size.Y;
        Parallel.For(0, size.Z, z =>
        {
            ReadOnlySpan<float> source = squared.AsSpan(z * sliceLength, sliceLength);
            Span<byte> target = output.AsSpan(z * sliceLength, sliceLength);
            if (dilate)
                for (int i = 0; i < source.Length; i++) target[i] = source[i] <= limit ? (byte)1 : (byte)0;
            else
                for (int i = 0; i < source.Length; i++) target[i] = source[i] > limit ? (byte)1 : (byte)0;
        });
    }

    private static byte[] Pad(byte[] source, (int X, int Y, int Z) size, (int X, int Y, int Z) pad, (int X, int Y, int Z) paddedSize)
    {
        long count = (long)paddedSize.X * paddedSize.Y * paddedSize.Z;
        if (count > Array.MaxLength)
            throw new ArgumentException($"Closing pads the volume to {paddedSize.X}×{paddedSize.Y}×{paddedSize.Z} voxels, more than the maximum of {Array.MaxLength}; use a smaller radius.", "radiusMm");
        var padded = new byte[count];
        Parallel.For(0, size.Z, z =>
        {
            for (int y = 0; y < size.Y; y++)
                source.AsSpan((y + size.Y * z) * size.X, size.X)
                    .CopyTo(padded.AsSpan(pad.X + paddedSize.X * (y + pad.Y + paddedSize.Y * (z + pad.Z))));
        });
        return padded;
    }

    private static void Crop(byte[] padded, (int X, int Y, int Z) paddedSize, (int X, int Y, int Z) pad, byte[] target, (int X, int Y, int Z) size)
    {
        Parallel.For(0, size.Z, z =>
        {
            for (int y = 0; y < size.Y; y++)
                padded.AsSpan(pad.X + paddedSize.X * (y + pad.Y + paddedSize.Y * (z + pad.Z)), size.X)
                    .CopyTo(target.AsSpan((y + size.Y * z) * size.X, size.X));
        });
    }
}
