using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// An oriented box: |(p − c)·u| ≤ hu, |(p − c)·v| ≤ hv, |(p − c)·w| ≤ hw, with (u, v, w) the columns of
/// <see cref="Orientation"/> and (hu, hv, hw) = <see cref="HalfExtents"/> in mm. Volume 8·hu·hv·hw.
/// </summary>
public sealed record BoxShape : DefectShape
{
    private readonly Vec3 _u, _v, _w;

    /// <summary>Creates the box; half-extents must be finite and &gt; 0 mm, the orientation orthonormal.</summary>
    public BoxShape(Vec3 center, Vec3 halfExtents, Mat3 orientation)
    {
        RequireFinite(center, nameof(center));
        RequirePositive(halfExtents.X, "halfExtents.X");
        RequirePositive(halfExtents.Y, "halfExtents.Y");
        RequirePositive(halfExtents.Z, "halfExtents.Z");
        LocalFrame.Validate(orientation, nameof(orientation));
        Center = center;
        HalfExtents = halfExtents;
        Orientation = orientation;
        _u = orientation.Column(0);
        _v = orientation.Column(1);
        _w = orientation.Column(2);
    }

    /// <inheritdoc/>
    public override string Kind => "box";

    /// <summary>Centre (mm, LPS).</summary>
    public override Vec3 Center { get; }

    /// <summary>Half side lengths along u, v, w in mm.</summary>
    public Vec3 HalfExtents { get; }

    /// <summary>Local axes u, v, w as columns (LPS).</summary>
    public Mat3 Orientation { get; }

    /// <summary>The eight corners (mm, LPS), u varying fastest.</summary>
    public IReadOnlyList<Vec3> Corners()
    {
        var corners = new Vec3[8];
        for (int i = 0; i < 8; i++)
        {
            var local = new Vec3((i & 1) == 0 ? -HalfExtents.X : HalfExtents.X, (i & 2) == 0 ? -HalfExtents.Y : HalfExtents.Y, (i & 4) == 0 ? -HalfExtents.Z : HalfExtents.Z);
            corners[i] = Center + Orientation * local;
        }
        return corners;
    }

    /// <inheritdoc/>
    public override (Vec3 Min, Vec3 Max) Bounds
    {
        get
        {
            Vec3 h = BoxHalfWidths(Orientation, HalfExtents);
            return (Center - h, Center + h);
        }
    }

    /// <inheritdoc/>
    public override bool Contains(Vec3 point)
    {
        Vec3 d = point - Center;
        return Math.Abs(d.Dot(_u)) <= HalfExtents.X
            && Math.Abs(d.Dot(_v)) <= HalfExtents.Y
            && Math.Abs(d.Dot(_w)) <= HalfExtents.Z;
    }

    /// <inheritdoc/>
    public override double? AnalyticVolume => 8 * HalfExtents.X * HalfExtents.Y * HalfExtents.Z;

    /// <inheritdoc/>
    public override string Describe() =>
        $"center={Format(Center)}; half_extents={Format(HalfExtents)}; u={Format(Orientation.Column(0))}; w={Format(Orientation.Column(2))}";
}
