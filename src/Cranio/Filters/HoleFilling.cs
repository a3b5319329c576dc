using Cranio.Volumes;

namespace Cranio.Filters;

/// <summary>
/// Hole filling for skull masks: enclosed cavities, and small perforations of thin bone that a plain cavity fill
/// cannot reach because they open to the outside on both sides.
/// </summary>
public static class HoleFilling
{
    /// <summary>
    /// Fills the enclosed cavities of <paramref name="mask"/>: every 6-connected component of background voxels
    /// that does not touch the border of the grid becomes foreground (as scipy.ndimage.binary_fill_holes). The
    /// result is a superset of the input on the same grid.
    /// </summary>
    public static Volume<byte> FillCavities(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ComponentLabels background = ConnectedComponents.LabelBackground(mask, Connectivity.Faces);
        var open = new bool[background.Count + 1];
        var (nx, ny, nz) = mask.Grid.Size;
        Volume<int> labels = background.Labels;
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
            {
                bool borderRow = z == 0 || z == nz - 1 || y == 0 || y == ny - 1;
                Span<int> row = labels.Data.AsSpan((y + ny * z) * nx, nx);
                if (borderRow)
                    foreach (int label in row) open[label] = true;
                else
                {
                    open[row[0]] = true;
                    open[row[^1]] = true;
                }
            }
        // Label 0 (the foreground) is never passed to the selector; the union keeps those voxels.
        return Union(mask, background.Select(label => !open[label]));
    }

    /// <summary>
    /// Fills holes through thin bone whose cross-section is at most <paramref name="maxHoleAreaMm2"/>, without
    /// bridging larger openings such as a craniotomy.
    /// </summary>
    /// <remarks>
    /// <para>The area is turned into the radius of a disc of that area, ρ = √(A/π). The mask is closed
    /// (<see cref="Morphology.Close"/>) with a ball of radius r = ρ + s, s the largest spacing: the extra voxel
    /// guarantees that the voxelised rim of a hole of radius ρ is within the ball from every voxel of the hole, so no
    /// ball fits through it and the hole is plugged through the whole thickness of the bone (apart from dimples of
    /// depth r − √(r² − ρ²) at its mouths). An opening whose narrowest width exceeds 2r lets the ball through
    /// everywhere and is left exactly as it was; a slit narrower than 2r is bridged whatever its length.
    /// Concave crevices narrower than 2r are filled too, as any closing does.</para>
    /// <para>The result is the union of the input and the closing: a superset of the input, on the same grid.</para>
    /// </remarks>
    /// <param name="mask">The skull mask.</param>
    /// <param name="maxHoleAreaMm2">Largest hole cross-section to fill, in mm² (finite, &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">The area is not a finite positive number.</exception>
    public static Volume<byte> FillSmallHoles(Volume<byte> mask, double maxHoleAreaMm2)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (!double.IsFinite(maxHoleAreaMm2) || maxHoleAreaMm2 <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxHoleAreaMm2), maxHoleAreaMm2, $"Maximum hole area must be a finite number of mm² > 0; got {maxHoleAreaMm2}.");
        return Union(mask, Morphology.Close(mask, ClosingRadius(mask.Grid, maxHoleAreaMm2)));
    }

    /// <summary>The closing radius in mm used by <see cref="FillSmallHoles"/>: √(A/π) + the largest spacing.</summary>
    internal static double ClosingRadius(Grid grid, double maxHoleAreaMm2)
    {
        Vec3 s = grid.Spacing;
        return Math.Sqrt(maxHoleAreaMm2 / Math.PI) + Math.Max(s.X, Math.Max(s.Y, s.Z));
    }

    /// <summary>Voxel-wise OR as a 0/1 mask; the result replaces <paramref name="addition"/>'s voxels and keeps the mask's metadata.</summary>
    private static Volume<byte> Union(Volume<byte> mask, Volume<byte> addition)
    {
        byte[] source = mask.Data, target = addition.Data;
        int sliceLength = mask.Grid.SliceLength;
        Parallel.For(0, mask.Grid.SizeZ, z =>
        {
            ReadOnlySpan<byte> a = source.AsSpan(z * sliceLength, sliceLength);
            Span<byte> b = target.AsSpan(z * sliceLength, sliceLength);
            for (int i = 0; i < a.Length; i++) b[i] = a[i] != 0 || b[i] != 0 ? (byte)1 : (byte)0;
        });
        var result = new Volume<byte>(mask.Grid, target);
        result.CopyMetadataFrom(mask);
        return result;
    }
}
