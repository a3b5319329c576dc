using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// The classical baseline: the skull's mid-sagittal plane is found from its own symmetry (the plane whose
/// mirror image of the bone overlaps the bone most), the skull is mirrored across it, and the mirrored bone
/// that is not skull is kept over the defects' directions (found as by <see cref="SphericalMapDesigner"/>,
/// widened by <see cref="MirrorOptions.MarginMm"/>).
/// </summary>
/// <remarks>
/// Known failure: a defect that crosses the plane mirrors onto itself, where the mirror has no bone, so that
/// part of the implant is missing; the report then carries a warning naming the defect and the fraction of its
/// directions affected. Natural asymmetry of the skull shows up as steps at the defect border.
/// </remarks>
public sealed class MirrorDesigner : IImplantDesigner
{
    /// <summary>Creates a designer with <paramref name="options"/> (defaults when null).</summary>
    public MirrorDesigner(MirrorOptions? options = null)
    {
        Options = options ?? new MirrorOptions();
    }

    /// <summary>The settings.</summary>
    public MirrorOptions Options { get; }

    /// <inheritdoc />
    public string Name => "mirror";

    /// <inheritdoc />
    public DesignResult Design(Volume<byte> defectiveSkull, CancellationToken cancellationToken = default)
    {
        SkullMaskValidation.Validate(defectiveSkull);
        var clock = new StageClock(cancellationToken);

        var map = SphericalSkullMap.Build(defectiveSkull, Options.Detection, clock.Lap);
        var plane = MidSagittalPlaneSearch.Fit(defectiveSkull, map.Centre, Options.SearchAngleDegrees, Options.SearchOffsetMm);
        clock.Lap("symmetry plane");

        Icosphere mesh = map.Mesh;
        bool[] band = SphericalSkullMap.Band(mesh, map.Defect, map.Rings(Options.MarginMm));
        var region = new bool[mesh.VertexCount];
        for (int v = 0; v < region.Length; v++) region[v] = map.Defect[v] || (band[v] && !float.IsNaN(map.Profile.Inner[v]));
        Volume<byte> implant = Mirror(defectiveSkull, map, plane, region);
        clock.Lap("mirroring");

        var warnings = new List<string>();
        var defects = new List<DetectedDefect>();
        Vec3[] lowest = map.LowestDefectDirections();
        for (int k = 0; k < map.Detection.Count; k++)
        {
            double area = 0, crossing = 0;
            Vec3 weighted = Vec3.Zero;
            int count = 0;
            for (int v = 0; v < mesh.VertexCount; v++)
            {
                if (map.Detection.Labels[v] != k) continue;
                Vec3 point = map.Centre + mesh.Vertices[v] * map.Radius;
                double a = mesh.VertexSolidAngle(v) * map.Radius * map.Radius;
                area += a;
                weighted += point * a;
                count++;
                Vec3 mirrored = plane.Reflect(point) - map.Centre;
                if (map.Detection.Labels[mesh.DominantCorner(mirrored)] == k) crossing += a;
            }
            Vec3 centre = weighted / area;
            defects.Add(new DetectedDefect(k, area / 100, centre, (centre - map.Centre).Normalized(), count, SkullShapeModel.NeedsFacePose(lowest[k])));
            if (crossing > Options.CrossingWarningFraction * area)
                warnings.Add($"Defect {k} crosses the mid-sagittal plane: {100 * crossing / area:F0} % of its opening mirrors onto itself, where the mirror has no bone; the implant is incomplete there.");
        }
        if (map.Detection.Count == 0) warnings.Add("No defect found: every direction of the vault above the skull base meets bone.");
        double volume = implant.CountNonZero() * defectiveSkull.Grid.VoxelVolume / 1000;
        return new DesignResult(implant, new DesignReport(Name, defects, volume, map.Centre, warnings, clock.Timings));
    }

    /// <summary>Sets the voxels whose direction lies in <paramref name="region"/>, that are not skull and whose mirror image is skull.</summary>
    private static Volume<byte> Mirror(Volume<byte> skull, SphericalSkullMap map, SymmetryPlane plane, bool[] region)
    {
        Grid grid = skull.Grid;
        var implant = new Volume<byte>(grid);
        Icosphere mesh = map.Mesh;
        // Radial extent of the bone around the defect, with room for the mirror's asymmetry.
        double rMin = double.PositiveInfinity, rMax = 0;
        bool[] around = SphericalSkullMap.Band(mesh, region, map.Rings(10));
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            if (!around[v] || float.IsNaN(map.Profile.Inner[v])) continue;
            rMin = Math.Min(rMin, map.Profile.Inner[v]);
            rMax = Math.Max(rMax, map.Profile.Outer[v]);
        }
        if (!(rMax > 0)) return implant;
        rMin = Math.Max(0, rMin - 10);
        rMax += 10;
        Vec3 lo = new(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity), hi = -lo;
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            if (!region[v]) continue;
            foreach (double r in new[] { rMin, rMax })
            {
                Vec3 i = grid.PhysicalToIndex(map.Centre + mesh.Vertices[v] * r);
                lo = new Vec3(Math.Min(lo.X, i.X), Math.Min(lo.Y, i.Y), Math.Min(lo.Z, i.Z));
                hi = new Vec3(Math.Max(hi.X, i.X), Math.Max(hi.Y, i.Y), Math.Max(hi.Z, i.Z));
            }
        }
        int x0 = Math.Max(0, (int)Math.Floor(lo.X) - 2), x1 = Math.Min(grid.SizeX - 1, (int)Math.Ceiling(hi.X) + 2);
        int y0 = Math.Max(0, (int)Math.Floor(lo.Y) - 2), y1 = Math.Min(grid.SizeY - 1, (int)Math.Ceiling(hi.Y) + 2);
        int z0 = Math.Max(0, (int)Math.Floor(lo.Z) - 2), z1 = Math.Min(grid.SizeZ - 1, (int)Math.Ceiling(hi.Z) + 2);
        if (x0 > x1 || y0 > y1 || z0 > z1) return implant;
        int[] triangles = mesh.Triangles.ToArray();
        Mat3 toIndex = grid.SpaceDirections.Inverse();
        double r2Min = rMin * rMin, r2Max = rMax * rMax;
        Parallel.For(z0, z1 + 1, z =>
        {
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                {
                    long offset = grid.Offset(x, y, z);
                    if (skull.Data[offset] != 0) continue;
                    Vec3 p = grid.IndexToPhysical(x, y, z);
                    Vec3 q = p - map.Centre;
                    double r2 = q.Dot(q);
                    if (r2 < r2Min || r2 > r2Max) continue;
                    Vec3 m = toIndex * (plane.Reflect(p) - grid.Origin);
                    int mx = (int)Math.Round(m.X), my = (int)Math.Round(m.Y), mz = (int)Math.Round(m.Z);
                    if (!grid.Contains(mx, my, mz) || skull.Data[grid.Offset(mx, my, mz)] == 0) continue;
                    var (t, _, _, _) = mesh.Locate(q);
                    if (region[triangles[3 * t]] || region[triangles[3 * t + 1]] || region[triangles[3 * t + 2]])
                        implant.Data[offset] = 1;
                }
        });
        return implant;
    }
}
