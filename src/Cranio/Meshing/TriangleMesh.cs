using Cranio.Volumes;

namespace Cranio.Meshing;

/// <summary>
/// A triangle surface with shared vertices. Vertex coordinates are doubles in physical space, LPS millimetres
/// (x to the patient's left, y posterior, z superior), the space of <see cref="Grid.IndexToPhysical(Vec3)"/>, so a
/// mesh overlays the volume it came from. Triangles index the vertex array and are ordered counter-clockwise as
/// seen from outside: the right-hand-rule normal (B − A) × (C − A) points out of the enclosed solid.
/// </summary>
/// <remarks>The arrays are owned by the mesh once passed to the constructor; do not modify them afterwards.</remarks>
public sealed class TriangleMesh
{
    /// <summary>Creates a mesh and checks that every triangle index refers to a vertex.</summary>
    /// <param name="vertices">Vertex positions, LPS mm; must be finite.</param>
    /// <param name="triangles">Triangles as vertex index triples.</param>
    /// <exception cref="ArgumentException">An index is out of range or a vertex is not finite; the message names it.</exception>
    public TriangleMesh(Vec3[] vertices, Triangle[] triangles)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        ArgumentNullException.ThrowIfNull(triangles);
        for (int i = 0; i < vertices.Length; i++)
            if (!vertices[i].IsFinite)
                throw new ArgumentException($"Vertex {i} must be finite; got {vertices[i]}.", nameof(vertices));
        uint count = (uint)vertices.Length;
        for (int t = 0; t < triangles.Length; t++)
        {
            Triangle tri = triangles[t];
            if ((uint)tri.A >= count || (uint)tri.B >= count || (uint)tri.C >= count)
                throw new ArgumentException($"Triangle {t} refers to vertices ({tri.A}, {tri.B}, {tri.C}); valid indices are 0…{vertices.Length - 1}.", nameof(triangles));
        }
        Vertices = vertices;
        Triangles = triangles;
    }

    /// <summary>A mesh with no vertices and no triangles.</summary>
    public static TriangleMesh Empty { get; } = new([], []);

    /// <summary>Vertex positions in LPS mm.</summary>
    public Vec3[] Vertices { get; }

    /// <summary>Triangles, counter-clockwise seen from outside.</summary>
    public Triangle[] Triangles { get; }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => Vertices.Length;

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => Triangles.Length;

    /// <summary>The unnormalised normal (B − A) × (C − A) of triangle <paramref name="index"/>; its length is twice the area (mm²).</summary>
    public Vec3 AreaVector(int index)
    {
        Triangle t = Triangles[index];
        Vec3 a = Vertices[t.A];
        return (Vertices[t.B] - a).Cross(Vertices[t.C] - a);
    }

    /// <summary>Total surface area in mm²: Σ ½·|(B − A) × (C − A)|.</summary>
    public double SurfaceArea()
    {
        double sum = 0;
        for (int i = 0; i < Triangles.Length; i++) sum += AreaVector(i).Length;
        return 0.5 * sum;
    }

    /// <summary>
    /// Signed enclosed volume in mm³ by the divergence theorem: Σ (A − r)·((B − r) × (C − r)) / 6 over all
    /// triangles, with r the centre of the bounding box. Positive when the normals point outward. For a closed
    /// mesh the result does not depend on r; for an open mesh it does.
    /// </summary>
    public double SignedVolume()
    {
        if (Triangles.Length == 0) return 0;
        Vec3 r = Reference();
        double sum = 0;
        foreach (Triangle t in Triangles)
            sum += (Vertices[t.A] - r).Dot((Vertices[t.B] - r).Cross(Vertices[t.C] - r));
        return sum / 6;
    }

    /// <summary>
    /// Centroid (LPS mm) of the solid enclosed by a closed mesh: the volume-weighted mean of the centroids
    /// (r + A + B + C)/4 of the signed tetrahedra (r, A, B, C). Undefined (NaN) when the enclosed volume is zero.
    /// </summary>
    public Vec3 Centroid()
    {
        if (Triangles.Length == 0) return new Vec3(double.NaN, double.NaN, double.NaN);
        Vec3 r = Reference();
        double volume = 0;
        Vec3 moment = Vec3.Zero;
        foreach (Triangle t in Triangles)
        {
            Vec3 a = Vertices[t.A] - r, b = Vertices[t.B] - r, c = Vertices[t.C] - r;
            double v = a.Dot(b.Cross(c));
            volume += v;
            moment += (a + b + c) * v;
        }
        return r + moment / (4 * volume);
    }

    /// <summary>Axis-aligned bounding box of the vertices used by triangles (LPS mm); NaN corners for an empty mesh.</summary>
    public (Vec3 Min, Vec3 Max) BoundingBox()
    {
        if (Triangles.Length == 0)
        {
            var nan = new Vec3(double.NaN, double.NaN, double.NaN);
            return (nan, nan);
        }
        double minX = double.PositiveInfinity, minY = minX, minZ = minX;
        double maxX = double.NegativeInfinity, maxY = maxX, maxZ = maxX;
        foreach (Triangle t in Triangles)
        {
            for (int k = 0; k < 3; k++)
            {
                Vec3 p = Vertices[t[k]];
                minX = Math.Min(minX, p.X); minY = Math.Min(minY, p.Y); minZ = Math.Min(minZ, p.Z);
                maxX = Math.Max(maxX, p.X); maxY = Math.Max(maxY, p.Y); maxZ = Math.Max(maxZ, p.Z);
            }
        }
        return (new Vec3(minX, minY, minZ), new Vec3(maxX, maxY, maxZ));
    }

    /// <summary>
    /// Number of degenerate triangles: those that repeat a vertex index or whose area is at most
    /// <paramref name="areaTolerance"/> mm² (default 0: exactly zero area, i.e. collinear or coincident corners).
    /// </summary>
    public int DegenerateTriangleCount(double areaTolerance = 0)
    {
        if (!(areaTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(areaTolerance), areaTolerance, $"Area tolerance must be ≥ 0 mm²; got {areaTolerance}.");
        int count = 0;
        for (int i = 0; i < Triangles.Length; i++)
        {
            Triangle t = Triangles[i];
            if (t.A == t.B || t.B == t.C || t.A == t.C || 0.5 * AreaVector(i).Length <= areaTolerance) count++;
        }
        return count;
    }

    /// <summary>
    /// Checks closedness, orientation and manifoldness from the triangle indices alone (positions are not
    /// used). Each triangle (a, b, c) contributes the directed half-edges a→b, b→c, c→a; a closed, consistently
    /// oriented manifold has every half-edge exactly once together with its reverse, and around every vertex
    /// the opposite edges of its triangles form one cycle.
    /// </summary>
    public MeshTopology CheckTopology()
    {
        int n = Triangles.Length;
        var halfEdges = new long[3 * n];
        int degenerate = 0;
        for (int i = 0; i < n; i++)
        {
            Triangle t = Triangles[i];
            if (t.A == t.B || t.B == t.C || t.A == t.C) degenerate++;
            halfEdges[3 * i] = Key(t.A, t.B);
            halfEdges[3 * i + 1] = Key(t.B, t.C);
            halfEdges[3 * i + 2] = Key(t.C, t.A);
        }
        Array.Sort(halfEdges);
        int edges = 0, boundary = 0, nonManifold = 0, misoriented = 0;
        for (int i = 0; i < halfEdges.Length;)
        {
            long key = halfEdges[i];
            int j = i;
            while (j < halfEdges.Length && halfEdges[j] == key) j++;
            int forward = j - i;
            int from = (int)(key >> 32), to = (int)(key & 0xFFFFFFFF);
            long reverseKey = Key(to, from);
            int backward = CountOf(halfEdges, reverseKey);
            // Count each undirected edge once: from its smaller-keyed direction, or from the only direction present.
            if (backward == 0 || key < reverseKey)
            {
                edges++;
                int total = forward + backward;
                if (total == 1) boundary++;
                else if (total > 2) nonManifold++;
                else if (forward != backward) misoriented++;
            }
            i = j;
        }
        return new MeshTopology(edges, boundary, nonManifold, misoriented, CountNonManifoldVertices(), degenerate);
    }

    private int CountNonManifoldVertices()
    {
        int[] start = new int[Vertices.Length + 1];
        foreach (Triangle t in Triangles)
        {
            start[t.A + 1]++; start[t.B + 1]++; start[t.C + 1]++;
        }
        for (int v = 0; v < Vertices.Length; v++) start[v + 1] += start[v];
        var fill = (int[])start.Clone();
        var linkFrom = new int[start[^1]];
        var linkTo = new int[start[^1]];
        foreach (Triangle t in Triangles)
        {
            linkFrom[fill[t.A]] = t.B; linkTo[fill[t.A]++] = t.C;
            linkFrom[fill[t.B]] = t.C; linkTo[fill[t.B]++] = t.A;
            linkFrom[fill[t.C]] = t.A; linkTo[fill[t.C]++] = t.B;
        }
        int bad = 0;
        for (int v = 0; v < Vertices.Length; v++)
        {
            int s = start[v], e = start[v + 1];
            if (e > s && !IsSingleFan(linkFrom.AsSpan(s, e - s), linkTo.AsSpan(s, e - s))) bad++;
        }
        return bad;
    }

    /// <summary>True when the link edges from[i]→to[i] form one directed path or one directed cycle.</summary>
    private static bool IsSingleFan(ReadOnlySpan<int> from, ReadOnlySpan<int> to)
    {
        int d = from.Length;
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
                if (from[i] == from[j] || to[i] == to[j]) return false;
        int first = 0;
        for (int i = 0; i < d; i++)
            if (to.IndexOf(from[i]) < 0) { first = i; break; }
        int visited = 1, current = first;
        while (visited <= d)
        {
            int next = from.IndexOf(to[current]);
            if (next < 0 || next == first) break;
            current = next;
            visited++;
        }
        return visited == d;
    }

    private static long Key(int from, int to) => ((long)from << 32) | (uint)to;

    private static int CountOf(long[] sorted, long key)
    {
        int i = Array.BinarySearch(sorted, key);
        if (i < 0) return 0;
        int lo = i, hi = i;
        while (lo > 0 && sorted[lo - 1] == key) lo--;
        while (hi + 1 < sorted.Length && sorted[hi + 1] == key) hi++;
        return hi - lo + 1;
    }

    private Vec3 Reference()
    {
        var (min, max) = BoundingBox();
        return (min + max) * 0.5;
    }
}
