using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>
/// Nearest-point queries against the triangles of a mesh, accelerated by a uniform grid of cubic cells that
/// lists every triangle under each cell its bounding box touches. A query visits the cells in Chebyshev rings
/// around the query's cell and stops once the best distance is at most the ring's clearance (r · cell size),
/// so the answer is exact.
/// </summary>
internal sealed class TriangleGrid
{
    private readonly TriangleMesh _mesh;
    private readonly Vec3 _min;
    private readonly double _cell;
    private readonly int _nx, _ny, _nz;
    private readonly int[] _start;   // CSR: triangles of cell c are _items[_start[c] .. _start[c + 1])
    private readonly int[] _items;

    public TriangleGrid(TriangleMesh mesh)
    {
        if (mesh.TriangleCount == 0) throw new ArgumentException("The mesh has no triangles; a distance to it is undefined.", nameof(mesh));
        _mesh = mesh;
        var (min, max) = mesh.BoundingBox();
        Vec3 extent = max - min;
        double longest = Math.Max(extent.X, Math.Max(extent.Y, extent.Z));
        // About √T cells along the longest side: a surface of T triangles then meets O(T) cells.
        _cell = Math.Max(longest / Math.Max(1, Math.Ceiling(Math.Sqrt(mesh.TriangleCount))), 1e-9);
        _min = min;
        _nx = (int)(extent.X / _cell) + 1;
        _ny = (int)(extent.Y / _cell) + 1;
        _nz = (int)(extent.Z / _cell) + 1;
        var counts = new int[(long)_nx * _ny * _nz + 1];
        ForEachCell((_, c) => counts[c + 1]++);
        for (int c = 1; c < counts.Length; c++) counts[c] += counts[c - 1];
        _start = counts;
        _items = new int[counts[^1]];
        var fill = (int[])counts.Clone();
        ForEachCell((t, c) => _items[fill[c]++] = t);
    }

    private void ForEachCell(Action<int, int> visit)
    {
        for (int t = 0; t < _mesh.TriangleCount; t++)
        {
            Triangle tri = _mesh.Triangles[t];
            Vec3 a = _mesh.Vertices[tri.A], b = _mesh.Vertices[tri.B], c = _mesh.Vertices[tri.C];
            var (x0, y0, z0) = CellOf(new Vec3(Math.Min(a.X, Math.Min(b.X, c.X)), Math.Min(a.Y, Math.Min(b.Y, c.Y)), Math.Min(a.Z, Math.Min(b.Z, c.Z))));
            var (x1, y1, z1) = CellOf(new Vec3(Math.Max(a.X, Math.Max(b.X, c.X)), Math.Max(a.Y, Math.Max(b.Y, c.Y)), Math.Max(a.Z, Math.Max(b.Z, c.Z))));
            for (int z = Math.Max(0, z0); z <= Math.Min(_nz - 1, z1); z++)
            for (int y = Math.Max(0, y0); y <= Math.Min(_ny - 1, y1); y++)
            for (int x = Math.Max(0, x0); x <= Math.Min(_nx - 1, x1); x++)
                visit(t, x + _nx * (y + _ny * z));
        }
    }

    private (int X, int Y, int Z) CellOf(Vec3 p) =>
        ((int)Math.Floor((p.X - _min.X) / _cell), (int)Math.Floor((p.Y - _min.Y) / _cell), (int)Math.Floor((p.Z - _min.Z) / _cell));

    /// <summary>The Euclidean distance (mm) from <paramref name="p"/> to the nearest point of the mesh's surface.</summary>
    public double Distance(Vec3 p)
    {
        Vec3 q = (p - _min) / _cell;
        // Cell of p, clamped far outside so that ring arithmetic stays in int range.
        int cx = (int)Math.Clamp(Math.Floor(q.X), -1e6, 1e6), cy = (int)Math.Clamp(Math.Floor(q.Y), -1e6, 1e6), cz = (int)Math.Clamp(Math.Floor(q.Z), -1e6, 1e6);
        int first = Math.Max(Gap(cx, _nx), Math.Max(Gap(cy, _ny), Gap(cz, _nz)));
        int last = Math.Max(Math.Max(Reach(cx, _nx), Reach(cy, _ny)), Reach(cz, _nz));
        double best2 = double.PositiveInfinity;
        for (int r = first; r <= last; r++)
        {
            for (int z = Math.Max(0, cz - r); z <= Math.Min(_nz - 1, cz + r); z++)
            for (int y = Math.Max(0, cy - r); y <= Math.Min(_ny - 1, cy + r); y++)
            {
                if (Math.Abs(z - cz) == r || Math.Abs(y - cy) == r)
                {
                    for (int x = Math.Max(0, cx - r); x <= Math.Min(_nx - 1, cx + r); x++) Visit(x, y, z, p, ref best2);
                }
                else
                {
                    if (cx - r >= 0 && cx - r < _nx) Visit(cx - r, y, z, p, ref best2);
                    if (r > 0 && cx + r >= 0 && cx + r < _nx) Visit(cx + r, y, z, p, ref best2);
                }
            }
            double clearance = r * _cell;
            if (best2 <= clearance * clearance) break;
        }
        return Math.Sqrt(best2);
    }

    private void Visit(int x, int y, int z, Vec3 p, ref double best2)
    {
        int cell = x + _nx * (y + _ny * z);
        for (int k = _start[cell]; k < _start[cell + 1]; k++)
        {
            double d2 = SquaredDistanceToTriangle(p, _items[k]);
            if (d2 < best2) best2 = d2;
        }
    }

    private static int Gap(int c, int n) => c < 0 ? -c : c >= n ? c - n + 1 : 0;

    private static int Reach(int c, int n) => Math.Max(Math.Abs(c), Math.Abs(n - 1 - c));

    private double SquaredDistanceToTriangle(Vec3 p, int t)
    {
        Triangle tri = _mesh.Triangles[t];
        Vec3 d = p - ClosestPoint(p, _mesh.Vertices[tri.A], _mesh.Vertices[tri.B], _mesh.Vertices[tri.C]);
        return d.Dot(d);
    }

    /// <summary>The point of triangle abc closest to p (Ericson, Real-Time Collision Detection, 5.1.5), by Voronoi regions.</summary>
    internal static Vec3 ClosestPoint(Vec3 p, Vec3 a, Vec3 b, Vec3 c)
    {
        Vec3 ab = b - a, ac = c - a, ap = p - a;
        double d1 = ab.Dot(ap), d2 = ac.Dot(ap);
        if (d1 <= 0 && d2 <= 0) return a;
        Vec3 bp = p - b;
        double d3 = ab.Dot(bp), d4 = ac.Dot(bp);
        if (d3 >= 0 && d4 <= d3) return b;
        double vc = d1 * d4 - d3 * d2;
        if (vc <= 0 && d1 >= 0 && d3 <= 0) return a + ab * (d1 / (d1 - d3));
        Vec3 cp = p - c;
        double d5 = ab.Dot(cp), d6 = ac.Dot(cp);
        if (d6 >= 0 && d5 <= d6) return c;
        double vb = d5 * d2 - d1 * d6;
        if (vb <= 0 && d2 >= 0 && d6 <= 0) return a + ac * (d2 / (d2 - d6));
        double va = d3 * d6 - d5 * d4;
        if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) return b + (c - b) * ((d4 - d3) / (d4 - d3 + (d5 - d6)));
        double denominator = va + vb + vc;
        if (!(Math.Abs(denominator) > 0))
        {
            // A zero-area triangle: the nearest of its vertices (its edges were tested above where they apply).
            double da = (p - a).Dot(p - a), db = (p - b).Dot(p - b), dc = (p - c).Dot(p - c);
            return da <= db && da <= dc ? a : db <= dc ? b : c;
        }
        double v = vb / denominator, w = vc / denominator;
        return a + ab * v + ac * w;
    }
}
