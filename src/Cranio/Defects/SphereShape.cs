using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>A ball: the points within <see cref="Radius"/> mm of <see cref="Center"/>. Volume 4/3·π·r³.</summary>
public sealed record SphereShape : DefectShape
{
    /// <summary>Creates the ball; the radius must be finite and &gt; 0 mm.</summary>
    public SphereShape(Vec3 center, double radius)
    {
        RequireFinite(center, nameof(center));
        RequirePositive(radius, nameof(radius));
        Center = center;
        Radius = radius;
    }

    /// <inheritdoc/>
    public override string Kind => "sphere";

    /// <summary>Centre (mm, LPS).</summary>
    public override Vec3 Center { get; }

    /// <summary>Radius in mm.</summary>
    public double Radius { get; }

    /// <inheritdoc/>
    public override (Vec3 Min, Vec3 Max) Bounds => (Center - new Vec3(Radius, Radius, Radius), Center + new Vec3(Radius, Radius, Radius));

    /// <inheritdoc/>
    public override bool Contains(Vec3 point)
    {
        Vec3 d = point - Center;
        return d.Dot(d) <= Radius * Radius;
    }

    /// <inheritdoc/>
    public override double? AnalyticVolume => 4.0 / 3.0 * Math.PI * Radius * Radius * Radius;

    /// <inheritdoc/>
    public override string Describe() => $"center={Format(Center)}; radius={Format(Radius)}";
}
