using Cranio.Volumes;

namespace Cranio.Filters;

/// <summary>
/// The voxel offsets of a ball of radius r mm on a grid: (dx, dy, dz) belongs to it when the physical length of
/// the step, |SpaceDirections · (dx, dy, dz)|, is at most r (with a relative tolerance of 1e-9 on r², so offsets
/// exactly on the sphere count). On an orthogonal grid that is the ellipsoid
/// (dx·sx)² + (dy·sy)² + (dz·sz)² ≤ r²; on a non-orthogonal grid it is the true physical ball.
/// </summary>
/// <remarks>
/// The ball is convex and centrally symmetric, so it is the union of x-runs (<see cref="Chords"/>), one per
/// (dy, dz), and its voxel count is odd. Index order is i, j, k as in <see cref="Grid"/>.
/// </remarks>
public sealed class BallFootprint
{
    /// <summary>One x-run of the ball: offsets (dx, Dy, Dz) for MinDx ≤ dx ≤ MaxDx.</summary>
    /// <param name="Dy">Offset along y.</param>
    /// <param name="Dz">Offset along z.</param>
    /// <param name="MinDx">First x offset of the run.</param>
    /// <param name="MaxDx">Last x offset of the run (inclusive).</param>
    public readonly record struct Chord(int Dy, int Dz, int MinDx, int MaxDx);

    private readonly Mat3 _step;
    private readonly double _limit;

    private BallFootprint(Grid grid, double radiusMm)
    {
        RadiusMm = radiusMm;
        _step = grid.SpaceDirections;
        _limit = radiusMm * radiusMm * (1 + 1e-9);
        // The ball's reach along index axis k is r·|row k of S⁻¹|; enumerate one voxel beyond it and test each offset.
        Mat3 inverse = _step.Inverse();
        int reachX = Reach(inverse.Row(0)), reachY = Reach(inverse.Row(1)), reachZ = Reach(inverse.Row(2));
        var chords = new List<Chord>();
        for (int dz = -reachZ; dz <= reachZ; dz++)
            for (int dy = -reachY; dy <= reachY; dy++)
            {
                int first = int.MaxValue, last = int.MinValue;
                for (int dx = -reachX; dx <= reachX; dx++)
                {
                    if (!Contains(dx, dy, dz)) continue;
                    first = Math.Min(first, dx);
                    last = dx;
                }
                if (last < first) continue;
                chords.Add(new Chord(dy, dz, first, last));
                Count += last - first + 1;
                ExtentX = Math.Max(ExtentX, Math.Max(-first, last));
                ExtentY = Math.Max(ExtentY, Math.Abs(dy));
                ExtentZ = Math.Max(ExtentZ, Math.Abs(dz));
            }
        Chords = chords;
    }

    /// <summary>The ball of radius <paramref name="radiusMm"/> on <paramref name="grid"/>'s spacing and direction.</summary>
    /// <param name="grid">The grid whose voxel steps define the offsets.</param>
    /// <param name="radiusMm">Radius in mm (finite, ≥ 0); 0 gives the single centre voxel.</param>
    /// <exception cref="ArgumentOutOfRangeException">The radius is negative or not finite.</exception>
    public static BallFootprint Create(Grid grid, double radiusMm)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (!double.IsFinite(radiusMm) || radiusMm < 0)
            throw new ArgumentOutOfRangeException(nameof(radiusMm), radiusMm, $"Radius must be a finite, non-negative number of mm; got {radiusMm}.");
        return new BallFootprint(grid, radiusMm);
    }

    /// <summary>The radius in mm.</summary>
    public double RadiusMm { get; }

    /// <summary>Number of offsets in the ball (odd).</summary>
    public int Count { get; }

    /// <summary>Largest |dx| in the ball.</summary>
    public int ExtentX { get; }

    /// <summary>Largest |dy| in the ball.</summary>
    public int ExtentY { get; }

    /// <summary>Largest |dz| in the ball.</summary>
    public int ExtentZ { get; }

    /// <summary>The x-runs whose union is the ball, ordered by Dz then Dy.</summary>
    public IReadOnlyList<Chord> Chords { get; }

    /// <summary>True when the offset (dx, dy, dz) lies in the ball.</summary>
    public bool Contains(int dx, int dy, int dz)
    {
        Vec3 p = _step * new Vec3(dx, dy, dz);
        return p.X * p.X + p.Y * p.Y + p.Z * p.Z <= _limit;
    }

    private int Reach(Vec3 inverseRow)
    {
        double reach = RadiusMm * inverseRow.Length;
        if (reach > 10_000)
            throw new ArgumentOutOfRangeException("radiusMm", RadiusMm, $"A radius of {RadiusMm} mm spans {reach:0} voxels; at most 10000 are supported.");
        return (int)Math.Floor(reach) + 1;
    }
}
