using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// A shape united with its mirror image across a <see cref="SymmetryPlane"/> (the "symmetrical ellipsoid" of
/// Wu et al. 2022, SkullBreak's bilateral defects): p is inside when p or its reflection is inside <see cref="Source"/>.
/// </summary>
public sealed record MirroredShape : DefectShape
{
    /// <summary>Creates the mirrored union.</summary>
    public MirroredShape(DefectShape source, SymmetryPlane plane, string kind)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        Source = source;
        Plane = plane;
        Kind = kind;
    }

    /// <summary>The shape on one side.</summary>
    public DefectShape Source { get; }

    /// <summary>The mirror plane.</summary>
    public SymmetryPlane Plane { get; }

    /// <inheritdoc/>
    public override string Kind { get; }

    /// <summary>The source's centre projected onto the plane (the midpoint of the two copies).</summary>
    public override Vec3 Center => Source.Center - Plane.Normal * Plane.SignedDistance(Source.Center);

    /// <inheritdoc/>
    public override (Vec3 Min, Vec3 Max) Bounds
    {
        get
        {
            var (a, b) = Source.Bounds;
            Vec3 min = a, max = b;
            for (int i = 0; i < 8; i++)
            {
                var corner = new Vec3((i & 1) == 0 ? a.X : b.X, (i & 2) == 0 ? a.Y : b.Y, (i & 4) == 0 ? a.Z : b.Z);
                Vec3 r = Plane.Reflect(corner);
                min = new Vec3(Math.Min(min.X, r.X), Math.Min(min.Y, r.Y), Math.Min(min.Z, r.Z));
                max = new Vec3(Math.Max(max.X, r.X), Math.Max(max.Y, r.Y), Math.Max(max.Z, r.Z));
            }
            return (min, max);
        }
    }

    /// <inheritdoc/>
    public override bool Contains(Vec3 point) => Source.Contains(point) || Source.Contains(Plane.Reflect(point));

    /// <summary>Null: the two copies may overlap.</summary>
    public override double? AnalyticVolume => null;

    /// <inheritdoc/>
    public override string Describe() =>
        $"{Source.Kind}: {Source.Describe()}; mirror_point={Format(Plane.Point)}; mirror_normal={Format(Plane.Normal)}";
}
