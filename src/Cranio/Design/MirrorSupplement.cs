using Cranio.Defects;
using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Adds to a spherical-map implant the bone its shell cannot hold: structures beyond the first bone layer seen
/// from the vault centre, such as an orbital rim or the outer wall of a frontal sinus under a fronto-orbital
/// defect. Candidates are the voxels within a reach of the implant that are neither skull nor implant and whose
/// mirror image in the mid-sagittal plane is skull; an opening removes the thin slivers that the skull's own
/// asymmetry leaves along every surface, and only components that touch the implant and are large enough are
/// kept. Candidates whose mirror image lands on a defect or near one (a defect that crosses the midline, the other
/// half of a bilateral pair) are not taken: there the mirror shows cut edges, not healthy bone.
/// </summary>
internal static class MirrorSupplement
{
    /// <summary>Adds the supplement to <paramref name="implant"/> in place and returns the number of voxels added.</summary>
    /// <param name="implant">The implant on the skull's grid.</param>
    /// <param name="skull">The defective skull.</param>
    /// <param name="plane">The skull's mid-sagittal plane.</param>
    /// <param name="reachMm">Candidates lie within this distance of the implant (mm). Default 15 mm.</param>
    /// <param name="openingMm">Radius of the opening that removes asymmetry slivers (mm). Default 1.5 mm.</param>
    /// <param name="minimumVolumeMm3">Smaller components are dropped (mm³). Default 200 mm³.</param>
    /// <param name="shell">The restored shell the implant was voxelised from and the measured radii.</param>
    /// <param name="excluded">Directions (seen from the shell's centre) where a mirror image is not trusted (<see cref="SymmetryTemplate.Excluded"/>).</param>
    /// <param name="gapMm">A candidate lies at least this far under the restored inner surface or beyond the first bone layer's outer surface (mm). Default 1 mm.</param>
    public static long Apply(Volume<byte> implant, Volume<byte> skull, SymmetryPlane plane, RestoredShell shell, bool[] excluded,
        double reachMm = 15, double openingMm = 1.5, double minimumVolumeMm3 = 200, double gapMm = 1)
    {
        VoxelBox? found = Cropping.BoundingBox(implant, reachMm);
        if (found is not VoxelBox box) return 0;
        Volume<byte> near = Cropping.Crop(implant, box);
        Volume<float> distance = DistanceTransform.DistanceToForeground(near);
        Grid crop = near.Grid, full = skull.Grid;
        Mat3 toIndex = full.SpaceDirections.Inverse();
        var candidate = new Volume<byte>(crop);
        byte[] skullData = skull.Data, implantData = implant.Data;
        int[] triangles = shell.Mesh.Triangles.ToArray();
        Parallel.For(0, crop.SizeZ, z =>
        {
            for (int y = 0; y < crop.SizeY; y++)
                for (int x = 0; x < crop.SizeX; x++)
                {
                    long o = crop.Offset(x, y, z);
                    if (distance.Data[o] > reachMm) continue;
                    long fo = full.Offset(x + box.MinX, y + box.MinY, z + box.MinZ);
                    if (implantData[fo] != 0 || skullData[fo] != 0) continue;
                    Vec3 p = crop.IndexToPhysical(x, y, z);
                    Vec3 reflected = plane.Reflect(p);
                    Vec3 m = toIndex * (reflected - full.Origin);
                    int mx = (int)Math.Round(m.X), my = (int)Math.Round(m.Y), mz = (int)Math.Round(m.Z);
                    if (!full.Contains(mx, my, mz) || skullData[full.Offset(mx, my, mz)] == 0) continue;
                    if (excluded[shell.Mesh.DominantCorner(reflected - shell.Centre)]) continue;
                    if (BeyondTheShell(shell, triangles, p - shell.Centre, gapMm)) candidate.Data[o] = 1;
                }
        });
        Volume<byte> opened = ConnectedComponents.RemoveSmallerThan(Morphology.Open(candidate, openingMm), minimumVolumeMm3);
        double touching = 1.01 * Math.Max(crop.Spacing.X, Math.Max(crop.Spacing.Y, crop.Spacing.Z)) * Math.Sqrt(3);
        byte[] kept = ConnectedComponents.Label(opened, Connectivity.Full).SelectMarked(i => distance.Data[i] <= touching).Data;
        long added = 0;
        for (int z = 0; z < crop.SizeZ; z++)
            for (int y = 0; y < crop.SizeY; y++)
                for (int x = 0; x < crop.SizeX; x++)
                {
                    if (kept[crop.Offset(x, y, z)] == 0) continue;
                    implantData[full.Offset(x + box.MinX, y + box.MinY, z + box.MinZ)] = 1;
                    added++;
                }
        return added;
    }

    /// <summary>
    /// True when the point q (relative to the centre) lies where the shell cannot put bone, by at least
    /// <paramref name="gapMm"/>: in a restored direction, under the restored inner surface (bone below the vault's
    /// inner table, e.g. a sphenoid ridge) or beyond the outer surface of the mirror image's own first bone layer
    /// (an orbital rim beyond the orbital roof, which the mirror image shows as a second layer); in any other
    /// direction, beyond the measured outer surface of the first bone layer. Mirrored bone next to either surface
    /// of the shell is the skull's asymmetry and is left to the fill.
    /// </summary>
    private static bool BeyondTheShell(RestoredShell shell, int[] triangles, Vec3 q, double gapMm)
    {
        var (t, u, v, w) = shell.Mesh.Locate(q);
        int a = triangles[3 * t], b = triangles[3 * t + 1], c = triangles[3 * t + 2];
        double r = q.Length;
        if (shell.Region[a] || shell.Region[b] || shell.Region[c])
        {
            double inner = u * shell.Inner[a] + v * shell.Inner[b] + w * shell.Inner[c];
            double mirroredOuter = u * shell.MirroredOuter[a] + v * shell.MirroredOuter[b] + w * shell.MirroredOuter[c];
            return r < inner - gapMm || r > mirroredOuter + gapMm;
        }
        double outer = u * shell.MeasuredOuter[a] + v * shell.MeasuredOuter[b] + w * shell.MeasuredOuter[c];
        return r > outer + gapMm;
    }
}

/// <summary>The restored bone shell of a spherical-map design, as <see cref="MirrorSupplement"/> needs it.</summary>
/// <param name="Centre">Centre of the rays (LPS mm).</param>
/// <param name="Mesh">The direction grid.</param>
/// <param name="Inner">Restored inner radius per direction (mm).</param>
/// <param name="Region">The restored directions.</param>
/// <param name="MeasuredOuter">Measured outer radius of the first bone layer per direction (mm, NaN = no bone).</param>
/// <param name="MirroredOuter">Outer radius of the first bone layer of the mirror image per direction (mm, NaN = unknown).</param>
internal sealed record RestoredShell(Vec3 Centre, Icosphere Mesh, double[] Inner, bool[] Region, float[] MeasuredOuter, double[] MirroredOuter);
