using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// Draws one defect shape of a given kind on the cranial vault of a skull.
/// </summary>
/// <remarks>
/// <para><b>Where.</b> A vault point p with outward normal n (<see cref="SkullGeometry.Vault"/>) is drawn uniformly,
/// from a class-specific subset: bilateral and symmetric ellipsoid use points at least 35 % of the maximum lateral
/// distance from the mid-sagittal plane; fronto-orbital points at least half the maximum anterior distance in front of
/// the centroid and in the lowest 40 % of the vault's height; parieto-temporal points at least 70 % of the maximum
/// lateral distance; all other kinds the whole vault. The local frame is (u, v, n), u the anterior direction projected
/// onto the tangent plane and twisted about n by a uniform angle in [0, π).</para>
/// <para><b>Depth.</b> With s the drawn size and ρ = |p − centroid|, the skull curves away from the tangent plane by
/// the sag σ = ρ − √(ρ² − (s/2)²) at the defect's rim. Prisms (box, cylinders, SkullFix) span from 3 mm outside p to
/// σ + 12 mm beneath it along −n, so they cut through the bone everywhere inside their outline.</para>
/// <para><b>SkullBreak clusters.</b> A main sphere of radius R = s/2 centred U(0, 0.3)·R beneath p, 0–8 satellites
/// (3–8 for random_2, whose size is also scaled by 0.7) of radius U(0.25, 0.5)·R centred on the main sphere's surface
/// in uniform directions, smooth union width 0.2·R, deformation amplitude 0.1·R and wavelength 1.5·R.</para>
/// </remarks>
internal static class DefectPlacement
{
    public static DefectShape Draw(DefectKind kind, SkullGeometry geometry, DefectOptions options, Xoshiro256 random)
    {
        IReadOnlyList<SurfacePoint> candidates = Candidates(kind, geometry);
        SurfacePoint site = candidates[random.NextInt(candidates.Count)];
        double size = random.Uniform(options.MinSize, options.MaxSize);
        if (kind == DefectKind.Random2) size *= 0.7;
        Vec3 p = site.Position, n = site.Normal;
        Mat3 frame = LocalFrame.FromNormal(n, random.Uniform(0, Math.PI), geometry.Anterior);
        double sag = Sag((p - geometry.Centroid).Length, size / 2);
        double halfDepth = (sag + 15) / 2;
        Vec3 prismCentre = p - n * (halfDepth - 3);
        return kind switch
        {
            DefectKind.Box => new BoxShape(prismCentre, new Vec3(size / 2, size / 2 * random.Uniform(0.6, 1), halfDepth), frame),
            DefectKind.Sphere => new SphereShape(p - n * (random.Uniform(0, 0.3) * size / 2), size / 2),
            DefectKind.Cylinder => new EllipticalCylinderShape(prismCentre, size / 2, size / 2, halfDepth, frame),
            DefectKind.EllipticalCylinder => new EllipticalCylinderShape(prismCentre, size / 2, size / 2 * random.Uniform(0.5, 0.9), halfDepth, frame),
            DefectKind.Ellipsoid => Ellipsoid(p, n, frame, size, sag, random),
            DefectKind.SymmetricEllipsoid => new MirroredShape(Ellipsoid(p, n, frame, size, sag, random), geometry.MidSagittalPlane, "symmetric_ellipsoid"),
            DefectKind.MixedEllipsoid => Mixed("mixed_ellipsoid", p, n, size, geometry, random,
                (q, f, s) => Ellipsoid(q, n, f, s, Sag((q - geometry.Centroid).Length, s / 2), random)),
            DefectKind.MixedEllipticalCylinder => Mixed("mixed_elliptical_cylinder", p, n, size, geometry, random,
                (q, f, s) => new EllipticalCylinderShape(q - n * (halfDepth - 3), s / 2, s / 2 * random.Uniform(0.5, 1), halfDepth, f)),
            DefectKind.SkullFix => Craniotomy.Create(prismCentre, frame, size / 2, size / 2 * random.Uniform(0.6, 1), halfDepth, options.DrillHoleDiameter),
            DefectKind.Bilateral => new MirroredShape(Cluster(p, n, size, 0, random), geometry.MidSagittalPlane, "bilateral"),
            DefectKind.Frontoorbital or DefectKind.Parietotemporal or DefectKind.Random1 => Cluster(p, n, size, 0, random),
            DefectKind.Random2 => Cluster(p, n, size, 3, random),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown defect kind {(int)kind}."),
        };
    }

    /// <summary>The vault points a kind may be placed on.</summary>
    public static IReadOnlyList<SurfacePoint> Candidates(DefectKind kind, SkullGeometry geometry)
    {
        IReadOnlyList<SurfacePoint> vault = geometry.Vault;
        double Lateral(SurfacePoint s) => Math.Abs((s.Position - geometry.Centroid).Dot(geometry.Left));
        double Forward(SurfacePoint s) => (s.Position - geometry.Centroid).Dot(geometry.Anterior);
        double maxLateral = vault.Max(Lateral);
        SurfacePoint[] subset = kind switch
        {
            DefectKind.Bilateral or DefectKind.SymmetricEllipsoid => vault.Where(s => Lateral(s) >= 0.35 * maxLateral).ToArray(),
            DefectKind.Parietotemporal => vault.Where(s => Lateral(s) >= 0.7 * maxLateral).ToArray(),
            DefectKind.Frontoorbital => FrontLow(vault, geometry, Forward),
            _ => vault.ToArray(),
        };
        if (subset.Length == 0)
            throw new InvalidOperationException($"No vault point fits the {kind.Name()} placement ({vault.Count} vault points).");
        return subset;
    }

    private static SurfacePoint[] FrontLow(IReadOnlyList<SurfacePoint> vault, SkullGeometry geometry, Func<SurfacePoint, double> forward)
    {
        double maxForward = vault.Max(forward);
        double top = vault.Max(s => geometry.Height(s.Position));
        double limit = geometry.BasePlaneHeight + 0.4 * (top - geometry.BasePlaneHeight);
        return vault.Where(s => forward(s) >= 0.5 * maxForward && geometry.Height(s.Position) <= limit).ToArray();
    }

    private static double Sag(double radius, double half) =>
        half >= radius ? radius : radius - Math.Sqrt(radius * radius - half * half);

    private static EllipsoidShape Ellipsoid(Vec3 p, Vec3 n, Mat3 frame, double size, double sag, Xoshiro256 random)
    {
        double depth = sag + 12 + random.Uniform(0, 10);
        return new EllipsoidShape(p - n * (sag / 2 + 4), new Vec3(size / 2, size / 2 * random.Uniform(0.5, 1), depth), frame);
    }

    private static UnionShape Mixed(string kind, Vec3 p, Vec3 n, double size, SkullGeometry geometry, Xoshiro256 random, Func<Vec3, Mat3, double, DefectShape> part)
    {
        int count = 2 + random.NextInt(2);
        var parts = new DefectShape[count];
        for (int i = 0; i < count; i++)
        {
            Mat3 frame = LocalFrame.FromNormal(n, random.Uniform(0, Math.PI), geometry.Anterior);
            Vec3 q = i == 0 ? p : p + frame.Column(0) * random.Uniform(-size / 3, size / 3) + frame.Column(1) * random.Uniform(-size / 3, size / 3);
            parts[i] = part(q, frame, size * random.Uniform(0.5, 0.8));
        }
        return new UnionShape(kind, parts);
    }

    private static SphereClusterShape Cluster(Vec3 p, Vec3 n, double size, int minSatellites, Xoshiro256 random)
    {
        double r = size / 2;
        var main = new SphereShape(p - n * (random.Uniform(0, 0.3) * r), r);
        int satellites = minSatellites + random.NextInt(9 - minSatellites);
        var spheres = new List<SphereShape> { main };
        for (int i = 0; i < satellites; i++)
            spheres.Add(new SphereShape(main.Center + random.UnitVector() * r, r * random.Uniform(0.25, 0.5)));
        var field = new SmoothDisplacementField(0.1 * r, 1.5 * r, random.NextUInt64());
        return new SphereClusterShape(spheres, 0.2 * r, field);
    }
}
