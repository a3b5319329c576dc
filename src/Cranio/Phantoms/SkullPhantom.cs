using Cranio.Volumes;

namespace Cranio.Phantoms;

/// <summary>
/// A procedural head phantom: a skull whose vault thickness varies over the head (4–8 mm, thicker at the
/// occiput and forehead), cut at the skull base with a foramen magnum and two orbits, rendered as a CT in HU
/// with soft tissue, brain, noise, a curved head-rest of bone-like density under the head and calcification
/// specks inside the skull. It stands in for real CT where real data may not be shipped (the demo, tests).
/// </summary>
/// <remarks>
/// Geometry (LPS, mm, head centre at the origin): the outer skull surface is an ellipsoid with semi-axes
/// 74 (left–right), 94 (anterior–posterior) and 80 (superior) mm modulated by low-order bumps; the inner
/// surface lies the local thickness below it; bone exists above z = −32 mm; a 6 mm skull-base plate closes
/// the bottom, pierced by the foramen magnum (radius 16 mm, 25 mm posterior); a 6 mm plate at z = −8 mm in front
/// of y = −30 mm forms the orbital roofs, and the orbits open the front of the skull below it. CT values: air −1000, soft tissue
/// 40, brain 30, cortical bone 1500, diploë 800 (the middle third of the thickness), head-rest 900, specks 400.
/// </remarks>
public static class SkullPhantom
{
    private const double RadiusX = 74, RadiusY = 94, RadiusZ = 80, BaseZ = -32, BaseThickness = 6, Scalp = 6;
    private const double OrbitalRoofZ = -8, OrbitalRoofFrontY = -30;

    /// <summary>The grid the phantom is rendered on: 200 × 270 × 190 mm centred on the head, tilted as the options say.</summary>
    public static Grid GridFor(SkullPhantomOptions options)
    {
        options.Validate();
        double s = options.Spacing, tilt = options.TiltDegrees * Math.PI / 180;
        var direction = Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, Math.Cos(tilt), -Math.Sin(tilt)), new Vec3(0, Math.Sin(tilt), Math.Cos(tilt)));
        int nx = (int)Math.Ceiling(200 / s), ny = (int)Math.Ceiling(270 / s), nz = (int)Math.Ceiling(190 / s);
        var centreIndex = new Vec3((nx - 1) / 2.0, (ny - 1) / 2.0, (nz - 1) / 2.0);
        Vec3 origin = -(direction * (centreIndex * s));
        return new Grid(nx, ny, nz, new Vec3(s, s, s), origin, direction);
    }

    /// <summary>The skull mask (0/1) of the phantom, without head-rest or specks: what a perfect extraction gives.</summary>
    public static Volume<byte> Mask(SkullPhantomOptions options) => Render(options, ct: false).Mask;

    /// <summary>The phantom as CT in HU (int16) together with its true skull mask on the same grid.</summary>
    public static (Volume<short> Ct, Volume<byte> Mask) Ct(SkullPhantomOptions options)
    {
        var (ct, mask) = Render(options, ct: true);
        return (ct!, mask);
    }

    private enum Tissue { Air, SoftTissue, Brain, Bone, HeadRest, Speck }

    private static (Volume<short>? Ct, Volume<byte> Mask) Render(SkullPhantomOptions options, bool ct)
    {
        Grid grid = GridFor(options);
        var mask = new Volume<byte>(grid);
        Volume<short>? image = ct ? new Volume<short>(grid) : null;
        Vec3 defectCentre = Vec3.Zero;
        if (options.DefectRadius > 0)
        {
            Vec3 d = (options.DefectDirection ?? new Vec3(0.55, 0.1, 0.83)).Normalized();
            defectCentre = d * OuterRadius(d);
        }
        Parallel.For(0, grid.SizeZ, z =>
        {
            for (int y = 0; y < grid.SizeY; y++)
            for (int x = 0; x < grid.SizeX; x++)
            {
                Vec3 p = grid.IndexToPhysical(x, y, z);
                long offset = grid.Offset(x, y, z);
                Tissue tissue = Classify(p, out double boneFraction);
                if (tissue == Tissue.Bone && options.DefectRadius > 0 && (p - defectCentre).Length < options.DefectRadius) tissue = Tissue.SoftTissue;
                if (tissue == Tissue.Bone) mask.Data[offset] = 1;
                if (image is null) continue;
                double hu = tissue switch
                {
                    Tissue.Bone => (boneFraction is > 1.0 / 3 and < 2.0 / 3 ? 800 : 1500) + 150 * Math.Sin(p.X * 0.9) * Math.Sin(p.Y * 0.7) * Math.Sin(p.Z * 0.8),
                    Tissue.Speck => 400,
                    Tissue.HeadRest => 900,
                    Tissue.Brain => 30,
                    Tissue.SoftTissue => 40,
                    _ => -1000,
                };
                hu += options.NoiseHu * CounterNoise.Gaussian(options.Seed, offset);
                image.Data[offset] = (short)Math.Clamp(Math.Round(hu), -1024, 3071);
            }
        });
        mask.Metadata["cranio.phantom"] = FormattableString.Invariant($"skull phantom, spacing {options.Spacing} mm, tilt {options.TiltDegrees} deg, defect radius {options.DefectRadius} mm");
        image?.CopyMetadataFrom(mask);
        return (image, mask);
    }

    /// <summary>Outer-surface radius of the skull along unit direction <paramref name="d"/> from the centre.</summary>
    private static double OuterRadius(Vec3 d)
    {
        double e = Math.Sqrt(d.X * d.X / (RadiusX * RadiusX) + d.Y * d.Y / (RadiusY * RadiusY) + d.Z * d.Z / (RadiusZ * RadiusZ));
        return (1 + 0.03 * d.X * d.Y + 0.02 * (d.Z * d.Z - 0.3)) / e;
    }

    /// <summary>What lies at <paramref name="p"/>; for bone, the fraction of the local thickness below the outer surface.</summary>
    private static Tissue Classify(Vec3 p, out double boneFraction)
    {
        boneFraction = 0;
        if (IsHeadRest(p)) return Tissue.HeadRest;
        double r = p.Length;
        if (r < 1e-9) return Tissue.Brain;
        Vec3 d = p / r;
        double depth = OuterRadius(d) - r;
        if (depth < 0 || p.Z < BaseZ) return depth > -Scalp ? Tissue.SoftTissue : Tissue.Air;
        if (InOrbit(p)) return Tissue.SoftTissue;
        // Thicker at the occiput (+y) and forehead, thinner at the temples (|x| large): 3.5–8.3 mm.
        double thickness = 6 + 1.5 * d.Y * d.Y - 2 * d.X * d.X + 0.8 * d.Z;
        if (depth <= thickness)
        {
            boneFraction = depth / thickness;
            return Tissue.Bone;
        }
        if (p.Z < BaseZ + BaseThickness && !InForamenMagnum(p)) return Tissue.Bone;
        if (p.Y < OrbitalRoofFrontY && p.Z > OrbitalRoofZ - BaseThickness / 2 && p.Z < OrbitalRoofZ + BaseThickness / 2) return Tissue.Bone;
        return IsSpeck(p) ? Tissue.Speck : Tissue.Brain;
    }

    private static bool InForamenMagnum(Vec3 p) => p.X * p.X + (p.Y - 25) * (p.Y - 25) < 16 * 16;

    private static bool InOrbit(Vec3 p)
    {
        // Two ellipsoidal openings in the front of the skull (anterior = −y), left and right of the midline,
        // below the orbital roofs that floor the anterior cranial fossa.
        foreach (double side in (ReadOnlySpan<double>)[-1, 1])
        {
            double dx = (p.X - side * 30) / 17, dy = (p.Y + 85) / 30, dz = (p.Z - (BaseZ + OrbitalRoofZ) / 2) / ((OrbitalRoofZ - BaseZ) / 2);
            if (dx * dx + dy * dy + dz * dz < 1) return true;
        }
        return false;
    }

    private static bool IsHeadRest(Vec3 p)
    {
        // A cradle curved around the back of the head (posterior = +y), 12 mm of air below the scalp, 8 mm thick.
        double surface = RadiusY + Scalp + 12 + 0.002 * p.X * p.X;
        return Math.Abs(p.X) < 75 && p.Z > -90 && p.Z < 60 && p.Y > surface && p.Y < surface + 8;
    }

    private static bool IsSpeck(Vec3 p)
    {
        // Three calcification specks of radius 1.5 mm inside the brain (pineal gland, choroid plexus).
        ReadOnlySpan<double> centres = [0, 10, 5, -20, 15, 20, 22, 18, 18];
        for (int i = 0; i < centres.Length; i += 3)
        {
            double dx = p.X - centres[i], dy = p.Y - centres[i + 1], dz = p.Z - centres[i + 2];
            if (dx * dx + dy * dy + dz * dz < 1.5 * 1.5) return true;
        }
        return false;
    }
}
