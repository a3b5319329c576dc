using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// SkullFix-style craniotomy defects (Li et al. 2021): a box through the skull, oriented along the local outward
/// normal, with a round drill hole (burr hole) at each of its four corners.
/// </summary>
public static class Craniotomy
{
    /// <summary>
    /// The union of a box and four circular cylinders ("skullfix"). The box is centred at
    /// <paramref name="center"/>, spans ±<paramref name="halfWidthU"/> and ±<paramref name="halfWidthV"/> mm along
    /// the first two columns u, v of <paramref name="orientation"/> and ±<paramref name="halfDepth"/> mm along w
    /// (the outward normal). The drill holes have diameter <paramref name="drillDiameter"/> mm, axes parallel to w
    /// through the corners (±hu, ±hv) and the same depth as the box.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is not finite and positive.</exception>
    public static UnionShape Create(Vec3 center, Mat3 orientation, double halfWidthU, double halfWidthV, double halfDepth, double drillDiameter)
    {
        if (!(double.IsFinite(drillDiameter) && drillDiameter > 0))
            throw new ArgumentOutOfRangeException(nameof(drillDiameter), drillDiameter, $"Drill hole diameter must be a finite length > 0 mm; got {drillDiameter}.");
        var box = new BoxShape(center, new Vec3(halfWidthU, halfWidthV, halfDepth), orientation);
        Vec3 u = orientation.Column(0), v = orientation.Column(1);
        var parts = new List<DefectShape> { box };
        foreach (var (su, sv) in new[] { (-1, -1), (1, -1), (-1, 1), (1, 1) })
        {
            Vec3 corner = center + u * (su * halfWidthU) + v * (sv * halfWidthV);
            parts.Add(new EllipticalCylinderShape(corner, drillDiameter / 2, drillDiameter / 2, halfDepth, orientation));
        }
        return new UnionShape("skullfix", parts);
    }
}
