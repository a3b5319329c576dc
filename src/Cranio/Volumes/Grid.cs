namespace Cranio.Volumes;

/// <summary>
/// The voxel grid of a volume: sizes, spacing, origin and direction, in the convention of ITK and NRRD.
/// </summary>
/// <remarks>
/// <para>Voxel order is x fastest, then y, then z: the voxel (i, j, k) lives at offset
/// <c>i + SizeX·(j + SizeY·k)</c>.</para>
/// <para>Physical space is LPS in millimetres. The physical point of continuous index (i, j, k) is
/// <c>Origin + Direction · (Spacing ⊙ (i, j, k))</c>, where the columns of <see cref="Direction"/> are the unit
/// vectors of the voxel axes. Directions need not be axis-aligned (a tilted gantry) nor orthogonal, only
/// non-singular; the determinant may be negative (a left-handed voxel frame).</para>
/// </remarks>
public sealed record Grid
{
    /// <summary>Creates a grid and validates it.</summary>
    /// <param name="sizeX">Voxels along i (≥ 1).</param>
    /// <param name="sizeY">Voxels along j (≥ 1).</param>
    /// <param name="sizeZ">Voxels along k (≥ 1).</param>
    /// <param name="spacing">Voxel spacing in mm along i, j, k (finite, &gt; 0).</param>
    /// <param name="origin">Physical point of voxel (0, 0, 0), LPS mm (finite).</param>
    /// <param name="direction">Axis directions as columns; each column is normalised to unit length.</param>
    /// <exception cref="ArgumentException">A size, spacing, origin or direction is invalid; the message names it.</exception>
    public Grid(int sizeX, int sizeY, int sizeZ, Vec3 spacing, Vec3 origin, Mat3 direction)
    {
        if (sizeX < 1 || sizeY < 1 || sizeZ < 1)
            throw new ArgumentException($"Sizes must be at least 1; got {sizeX} × {sizeY} × {sizeZ}.", "sizes");
        long count = (long)sizeX * sizeY * sizeZ;
        if (count > Array.MaxLength)
            throw new ArgumentException($"A grid of {sizeX} × {sizeY} × {sizeZ} = {count} voxels exceeds the maximum of {Array.MaxLength}.", "sizes");
        if (!spacing.IsFinite || spacing.X <= 0 || spacing.Y <= 0 || spacing.Z <= 0)
            throw new ArgumentException($"Spacing must be finite and positive; got {spacing}.", "spacing");
        if (!origin.IsFinite)
            throw new ArgumentException($"Origin must be finite; got {origin}.", "origin");
        if (!direction.IsFinite)
            throw new ArgumentException($"Direction must be finite; got {direction}.", "direction");
        Vec3 c0 = direction.Column(0), c1 = direction.Column(1), c2 = direction.Column(2);
        if (!(c0.Length > 0 && c1.Length > 0 && c2.Length > 0))
            throw new ArgumentException($"Direction columns must be non-zero; got {direction}.", "direction");
        Mat3 unit = Mat3.FromColumns(c0.Normalized(), c1.Normalized(), c2.Normalized());
        if (!(Math.Abs(unit.Determinant) > 1e-6))
            throw new ArgumentException($"Direction matrix is singular (determinant {unit.Determinant:g3}); got {direction}.", "direction");
        SizeX = sizeX;
        SizeY = sizeY;
        SizeZ = sizeZ;
        Spacing = spacing;
        Origin = origin;
        Direction = unit;
    }

    /// <summary>Creates an axis-aligned grid (identity direction).</summary>
    public static Grid AxisAligned(int sizeX, int sizeY, int sizeZ, Vec3 spacing, Vec3 origin) =>
        new(sizeX, sizeY, sizeZ, spacing, origin, Mat3.Identity);

    /// <summary>
    /// Creates a grid from NRRD-style space directions: the columns of <paramref name="spaceDirections"/> are
    /// the physical step (mm, LPS) from one voxel to the next along i, j, k. Spacing is each column's length,
    /// direction the column divided by it.
    /// </summary>
    public static Grid FromSpaceDirections(int sizeX, int sizeY, int sizeZ, Mat3 spaceDirections, Vec3 origin)
    {
        Vec3 c0 = spaceDirections.Column(0), c1 = spaceDirections.Column(1), c2 = spaceDirections.Column(2);
        var spacing = new Vec3(c0.Length, c1.Length, c2.Length);
        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0) || !spacing.IsFinite)
            throw new ArgumentException($"Space directions must be finite and non-zero; got {spaceDirections}.", "space directions");
        return new Grid(sizeX, sizeY, sizeZ, spacing, origin, Mat3.FromColumns(c0 / spacing.X, c1 / spacing.Y, c2 / spacing.Z));
    }

    /// <summary>Voxels along i (x).</summary>
    public int SizeX { get; init; }

    /// <summary>Voxels along j (y).</summary>
    public int SizeY { get; init; }

    /// <summary>Voxels along k (z).</summary>
    public int SizeZ { get; init; }

    /// <summary>Voxel spacing in mm along i, j, k.</summary>
    public Vec3 Spacing { get; init; }

    /// <summary>Physical point (LPS mm) of the centre of voxel (0, 0, 0).</summary>
    public Vec3 Origin { get; init; }

    /// <summary>Unit direction vectors of the voxel axes i, j, k, as the matrix columns (LPS).</summary>
    public Mat3 Direction { get; init; }

    /// <summary>Total number of voxels.</summary>
    public long VoxelCount => (long)SizeX * SizeY * SizeZ;

    /// <summary>Voxels in one z-slice (SizeX · SizeY).</summary>
    public int SliceLength => SizeX * SizeY;

    /// <summary>The sizes as a vector of integers (i, j, k).</summary>
    public (int X, int Y, int Z) Size => (SizeX, SizeY, SizeZ);

    /// <summary>Direction scaled by spacing: column c is the physical step (mm) of one voxel along axis c.</summary>
    public Mat3 SpaceDirections => Direction * Mat3.Diagonal(Spacing);

    /// <summary>Volume of one voxel in mm³: |det(SpaceDirections)| (equals the product of spacings for orthogonal axes).</summary>
    public double VoxelVolume => Math.Abs(SpaceDirections.Determinant);

    /// <summary>True when the direction columns are mutually orthogonal within 1e-6.</summary>
    public bool IsOrthogonal =>
        Math.Abs(Direction.Column(0).Dot(Direction.Column(1))) < 1e-6 &&
        Math.Abs(Direction.Column(0).Dot(Direction.Column(2))) < 1e-6 &&
        Math.Abs(Direction.Column(1).Dot(Direction.Column(2))) < 1e-6;

    /// <summary>True when the direction is the identity within 1e-9 (no rotation or flip).</summary>
    public bool IsAxisAligned => Direction.MaxAbsDifference(Mat3.Identity) < 1e-9;

    /// <summary>Linear offset of voxel (x, y, z) in x-fastest order.</summary>
    public long Offset(int x, int y, int z) => x + (long)SizeX * (y + (long)SizeY * z);

    /// <summary>True when (x, y, z) is inside the grid.</summary>
    public bool Contains(int x, int y, int z) =>
        (uint)x < (uint)SizeX && (uint)y < (uint)SizeY && (uint)z < (uint)SizeZ;

    /// <summary>Physical point (LPS mm) of a continuous index.</summary>
    public Vec3 IndexToPhysical(Vec3 index) => Origin + SpaceDirections * index;

    /// <summary>Physical point (LPS mm) of the centre of voxel (x, y, z).</summary>
    public Vec3 IndexToPhysical(int x, int y, int z) => IndexToPhysical(new Vec3(x, y, z));

    /// <summary>Continuous index of a physical point (LPS mm); the inverse of <see cref="IndexToPhysical(Vec3)"/>.</summary>
    public Vec3 PhysicalToIndex(Vec3 point) => SpaceDirections.Inverse() * (point - Origin);

    /// <summary>
    /// Describes the first way this grid differs from <paramref name="other"/>, or returns null when they agree.
    /// Sizes must be equal; spacing and origin may differ by at most <paramref name="tolerance"/> times the
    /// smallest spacing; direction elements by at most <paramref name="tolerance"/>.
    /// </summary>
    /// <param name="other">The grid to compare with.</param>
    /// <param name="tolerance">Relative tolerance; default 1e-4, as ITK's coordinate tolerance.</param>
    public string? DifferenceFrom(Grid other, double tolerance = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Size != other.Size)
            return $"sizes differ: {SizeX}×{SizeY}×{SizeZ} vs {other.SizeX}×{other.SizeY}×{other.SizeZ}";
        double scale = tolerance * Math.Min(Spacing.X, Math.Min(Spacing.Y, Spacing.Z));
        if (Spacing.MaxAbsDifference(other.Spacing) > scale)
            return $"spacing differs: {Spacing} vs {other.Spacing} mm";
        if (Origin.MaxAbsDifference(other.Origin) > scale)
            return $"origin differs: {Origin} vs {other.Origin} mm";
        if (Direction.MaxAbsDifference(other.Direction) > tolerance)
            return $"direction differs: {Direction} vs {other.Direction}";
        return null;
    }

    /// <summary>
    /// Throws <see cref="GridMismatchException"/> naming both inputs and the differing field when the grids
    /// do not agree (see <see cref="DifferenceFrom"/>).
    /// </summary>
    /// <param name="other">The grid that must match.</param>
    /// <param name="thisName">How to call this grid's volume in the message (for example a file name).</param>
    /// <param name="otherName">How to call the other volume in the message.</param>
    public void EnsureSameAs(Grid other, string thisName, string otherName)
    {
        string? difference = DifferenceFrom(other);
        if (difference is not null) throw new GridMismatchException(thisName, otherName, difference);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{SizeX}×{SizeY}×{SizeZ}, spacing {Spacing} mm, origin {Origin} mm, direction {Direction}";
}
