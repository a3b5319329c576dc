using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Finds a skull's mid-sagittal plane from its own symmetry: the plane whose mirror image of the bone lands on
/// bone most often.
/// </summary>
internal static class MidSagittalPlaneSearch
{
    /// <summary>
    /// The plane the <see cref="SphericalMapDesigner"/> mirrors <paramref name="skull"/> in (<see cref="SymmetryTemplate"/>):
    /// searched around the skull's vault centre (<see cref="VaultCentre"/>) within <paramref name="options"/>' angle and
    /// offset ranges, from <see cref="SymmetryTemplate.PlaneSamples"/> bone points.
    /// </summary>
    public static SymmetryPlane OfSkull(Volume<byte> skull, SphericalMapOptions options) =>
        Fit(skull, VaultCentre.Estimate(skull, options.BridgedGapMm).Centre, options.SymmetrySearchAngleDegrees, options.SymmetrySearchOffsetMm,
            SymmetryTemplate.PlaneSamples);

    /// <summary>
    /// Searches normals within <paramref name="maxAngleDegrees"/> of the left–right axis (yaw about S, roll
    /// about P) and offsets within <paramref name="maxOffsetMm"/> of <paramref name="centre"/>, coarse to fine,
    /// maximising the fraction of sampled bone points whose mirror image is bone.
    /// </summary>
    /// <param name="skull">The skull mask.</param>
    /// <param name="centre">A point near the plane (the vault centre).</param>
    /// <param name="maxAngleDegrees">Largest tilt of the normal from the left–right axis.</param>
    /// <param name="maxOffsetMm">Largest offset of the plane from <paramref name="centre"/>.</param>
    /// <param name="samples">About this many bone points are scored per candidate plane (default 20,000).</param>
    public static SymmetryPlane Fit(Volume<byte> skull, Vec3 centre, double maxAngleDegrees, double maxOffsetMm, int samples = 20000)
    {
        Vec3[] points = SampleBone(skull, samples);
        var grid = skull.Grid;
        Mat3 toIndex = grid.SpaceDirections.Inverse();
        double bestYaw = 0, bestRoll = 0, bestShift = 0;
        double angleStep = Math.Max(maxAngleDegrees / 3, 0.25), shiftStep = Math.Max(maxOffsetMm / 5, 0.25);
        double angleRange = maxAngleDegrees, shiftRange = maxOffsetMm;
        for (int level = 0; level < 4; level++)
        {
            var candidates = new List<(double Yaw, double Roll, double Shift)>();
            for (double yaw = bestYaw - angleRange; yaw <= bestYaw + angleRange + 1e-9; yaw += angleStep)
                for (double roll = bestRoll - angleRange; roll <= bestRoll + angleRange + 1e-9; roll += angleStep)
                    for (double shift = bestShift - shiftRange; shift <= bestShift + shiftRange + 1e-9; shift += shiftStep)
                        candidates.Add((yaw, roll, shift));
            var scores = new int[candidates.Count];
            Parallel.For(0, candidates.Count, i =>
            {
                var c = candidates[i];
                scores[i] = Score(Make(c.Yaw, c.Roll, c.Shift, centre), points, skull, toIndex);
            });
            int best = 0;
            for (int i = 1; i < scores.Length; i++)
                if (scores[i] > scores[best]) best = i;
            (bestYaw, bestRoll, bestShift) = candidates[best];
            angleRange = angleStep;
            shiftRange = shiftStep;
            angleStep /= 3;
            shiftStep /= 3;
        }
        return Make(bestYaw, bestRoll, bestShift, centre);
    }

    private static SymmetryPlane Make(double yawDegrees, double rollDegrees, double shift, Vec3 centre)
    {
        double yaw = yawDegrees * Math.PI / 180, roll = rollDegrees * Math.PI / 180;
        var normal = new Vec3(Math.Cos(yaw) * Math.Cos(roll), Math.Sin(yaw) * Math.Cos(roll), Math.Sin(roll));
        return new SymmetryPlane(centre + normal * shift, normal);
    }

    private static int Score(SymmetryPlane plane, Vec3[] points, Volume<byte> skull, Mat3 toIndex)
    {
        var grid = skull.Grid;
        int hits = 0;
        foreach (Vec3 p in points)
        {
            Vec3 i = toIndex * (plane.Reflect(p) - grid.Origin);
            int x = (int)Math.Round(i.X), y = (int)Math.Round(i.Y), z = (int)Math.Round(i.Z);
            if (grid.Contains(x, y, z) && skull.Data[grid.Offset(x, y, z)] != 0) hits++;
        }
        return hits;
    }

    /// <summary>Physical points of bone voxels on a regular lattice thinned to about <paramref name="target"/> points.</summary>
    private static Vec3[] SampleBone(Volume<byte> skull, int target)
    {
        long bone = skull.CountNonZero();
        int stride = Math.Max(1, (int)Math.Ceiling(Math.Cbrt((double)bone / target)));
        var grid = skull.Grid;
        var points = new List<Vec3>();
        for (int z = 0; z < grid.SizeZ; z += stride)
            for (int y = 0; y < grid.SizeY; y += stride)
                for (int x = 0; x < grid.SizeX; x += stride)
                    if (skull.Data[grid.Offset(x, y, z)] != 0) points.Add(grid.IndexToPhysical(x, y, z));
        return points.ToArray();
    }
}
