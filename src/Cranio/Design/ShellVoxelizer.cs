using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Voxelises the restored bone shell over a set of directions: a voxel is set when its direction from the
/// centre falls in a mesh triangle with a vertex in the region, its distance r from the centre satisfies
/// <c>rᵢₙ ≤ r ≤ rₒᵤₜ</c> with both radii interpolated barycentrically over that triangle, and it is not skull.
/// Only the index bounding box of the region's shell is visited, in parallel over z.
/// </summary>
internal static class ShellVoxelizer
{
    /// <summary>Writes the shell into a new mask on the skull's grid.</summary>
    /// <param name="skull">The defective skull (its bone is never part of the shell).</param>
    /// <param name="centre">Centre of the rays (LPS mm).</param>
    /// <param name="mesh">The direction grid.</param>
    /// <param name="inner">Restored inner radius per direction (mm), NaN where unknown.</param>
    /// <param name="outer">Restored outer radius per direction (mm), NaN where unknown.</param>
    /// <param name="region">Directions to restore.</param>
    public static Volume<byte> Voxelize(Volume<byte> skull, Vec3 centre, Icosphere mesh, double[] inner, double[] outer, bool[] region)
    {
        Grid grid = skull.Grid;
        var implant = skull.SameGrid<byte>();
        implant.Metadata.Clear();
        double rMin = double.PositiveInfinity, rMax = 0;
        Vec3 lo = new(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
        Vec3 hi = -lo;
        bool any = false;
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            if (!region[v] || double.IsNaN(inner[v]) || double.IsNaN(outer[v])) continue;
            any = true;
            rMin = Math.Min(rMin, inner[v]);
            rMax = Math.Max(rMax, outer[v]);
            foreach (double r in new[] { inner[v], outer[v] })
            {
                Vec3 index = grid.PhysicalToIndex(centre + mesh.Vertices[v] * r);
                lo = new Vec3(Math.Min(lo.X, index.X), Math.Min(lo.Y, index.Y), Math.Min(lo.Z, index.Z));
                hi = new Vec3(Math.Max(hi.X, index.X), Math.Max(hi.Y, index.Y), Math.Max(hi.Z, index.Z));
            }
        }
        if (!any) return implant;
        // The shell bulges between vertices by at most a few edge lengths; pad the box accordingly.
        double edge = Icosphere.EdgeAngle(mesh.Subdivision) * rMax;
        Vec3 spacing = grid.Spacing;
        int pad = 2 + (int)Math.Ceiling(2 * edge / Math.Min(spacing.X, Math.Min(spacing.Y, spacing.Z)));
        int x0 = Math.Max(0, (int)Math.Floor(lo.X) - pad), x1 = Math.Min(grid.SizeX - 1, (int)Math.Ceiling(hi.X) + pad);
        int y0 = Math.Max(0, (int)Math.Floor(lo.Y) - pad), y1 = Math.Min(grid.SizeY - 1, (int)Math.Ceiling(hi.Y) + pad);
        int z0 = Math.Max(0, (int)Math.Floor(lo.Z) - pad), z1 = Math.Min(grid.SizeZ - 1, (int)Math.Ceiling(hi.Z) + pad);
        if (x0 > x1 || y0 > y1 || z0 > z1) return implant;

        Mat3 steps = grid.SpaceDirections;
        Vec3 stepX = steps.Column(0);
        double r2Min = rMin * rMin, r2Max = rMax * rMax;
        int[] triangles = mesh.Triangles.ToArray();
        byte[] skullData = skull.Data, output = implant.Data;
        Parallel.For(z0, z1 + 1, z =>
        {
            for (int y = y0; y <= y1; y++)
            {
                Vec3 rowStart = grid.IndexToPhysical(new Vec3(x0, y, z)) - centre;
                long offset = grid.Offset(x0, y, z);
                for (int x = x0; x <= x1; x++, offset++)
                {
                    Vec3 q = rowStart + stepX * (x - x0);
                    double r2 = q.Dot(q);
                    if (r2 < r2Min || r2 > r2Max || skullData[offset] != 0) continue;
                    var (t, u, v, w) = mesh.Locate(q);
                    int a = triangles[3 * t], b = triangles[3 * t + 1], c = triangles[3 * t + 2];
                    if (!(region[a] || region[b] || region[c])) continue;
                    double ri = u * inner[a] + v * inner[b] + w * inner[c];
                    double ro = u * outer[a] + v * outer[b] + w * outer[c];
                    double r = Math.Sqrt(r2);
                    if (r >= ri && r <= ro) output[offset] = 1;
                }
            }
        });
        return implant;
    }
}
