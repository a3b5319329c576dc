using System.Collections.Concurrent;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// An icosahedral spherical grid: the unit sphere meshed by subdividing the 20 faces of a regular icosahedron
/// <see cref="Subdivision"/> times (each triangle split into four at its edge midpoints, new vertices projected
/// onto the sphere). Level n has <c>10·4ⁿ + 2</c> vertices and <c>20·4ⁿ</c> triangles; level 6 has 40,962
/// vertices with an edge angle of about 0.0173 rad (1.6 mm at a radius of 90 mm).
/// </summary>
/// <remarks>
/// Vertices are unit vectors in the frame they are used in (here LPS). Triangles are counter-clockwise seen
/// from outside. Every edge is a great-circle arc, so the spherical triangles of one level tile the sphere
/// exactly, and each is tiled by its four children; <see cref="Locate"/> descends this hierarchy.
/// </remarks>
public sealed class Icosphere
{
    private static readonly ConcurrentDictionary<int, Icosphere> Cache = new();

    private readonly Vec3[] vertices;
    private readonly int[][] levelTriangles;
    private readonly int[] neighbourStart;
    private readonly int[] neighbourList;
    private readonly double[] vertexSolidAngles;

    private Icosphere(int subdivision)
    {
        Subdivision = subdivision;
        var points = new List<Vec3>(10 * (1 << (2 * subdivision)) + 2);
        double phi = (1 + Math.Sqrt(5)) / 2;
        foreach (var p in new Vec3[]
        {
            new(-1, phi, 0), new(1, phi, 0), new(-1, -phi, 0), new(1, -phi, 0),
            new(0, -1, phi), new(0, 1, phi), new(0, -1, -phi), new(0, 1, -phi),
            new(phi, 0, -1), new(phi, 0, 1), new(-phi, 0, -1), new(-phi, 0, 1),
        })
            points.Add(p.Normalized());
        int[] faces =
        [
            0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11,
            1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
            3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9,
            4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1,
        ];
        levelTriangles = new int[subdivision + 1][];
        levelTriangles[0] = faces;
        var midpoints = new Dictionary<long, int>();
        for (int level = 1; level <= subdivision; level++)
        {
            int[] parent = levelTriangles[level - 1];
            var child = new int[parent.Length * 4];
            for (int t = 0; t < parent.Length / 3; t++)
            {
                int a = parent[3 * t], b = parent[3 * t + 1], c = parent[3 * t + 2];
                int ab = Midpoint(a, b), bc = Midpoint(b, c), ca = Midpoint(c, a);
                int o = 12 * t;
                // Child order is what Locate relies on: corner a, corner b, corner c, centre.
                child[o] = a; child[o + 1] = ab; child[o + 2] = ca;
                child[o + 3] = b; child[o + 4] = bc; child[o + 5] = ab;
                child[o + 6] = c; child[o + 7] = ca; child[o + 8] = bc;
                child[o + 9] = ab; child[o + 10] = bc; child[o + 11] = ca;
            }
            levelTriangles[level] = child;
        }
        vertices = points.ToArray();

        int[] triangles = levelTriangles[subdivision];
        var neighbours = new SortedSet<int>[vertices.Length];
        for (int i = 0; i < neighbours.Length; i++) neighbours[i] = [];
        vertexSolidAngles = new double[vertices.Length];
        for (int t = 0; t < triangles.Length; t += 3)
        {
            int a = triangles[t], b = triangles[t + 1], c = triangles[t + 2];
            neighbours[a].Add(b); neighbours[a].Add(c);
            neighbours[b].Add(a); neighbours[b].Add(c);
            neighbours[c].Add(a); neighbours[c].Add(b);
            double third = SphericalTriangleArea(vertices[a], vertices[b], vertices[c]) / 3;
            vertexSolidAngles[a] += third;
            vertexSolidAngles[b] += third;
            vertexSolidAngles[c] += third;
        }
        neighbourStart = new int[vertices.Length + 1];
        for (int i = 0; i < vertices.Length; i++) neighbourStart[i + 1] = neighbourStart[i] + neighbours[i].Count;
        neighbourList = new int[neighbourStart[^1]];
        for (int i = 0; i < vertices.Length; i++) neighbours[i].CopyTo(neighbourList, neighbourStart[i]);

        int Midpoint(int i, int j)
        {
            long key = i < j ? ((long)i << 32) | (uint)j : ((long)j << 32) | (uint)i;
            if (midpoints.TryGetValue(key, out int index)) return index;
            index = points.Count;
            points.Add(((points[i] + points[j]) * 0.5).Normalized());
            midpoints.Add(key, index);
            return index;
        }
    }

    /// <summary>The icosphere of subdivision level <paramref name="subdivision"/> (0…8), built once and shared.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is outside 0…8.</exception>
    public static Icosphere Create(int subdivision)
    {
        if (subdivision is < 0 or > 8)
            throw new ArgumentOutOfRangeException(nameof(subdivision), subdivision, $"Icosphere subdivision must be 0…8; got {subdivision}.");
        return Cache.GetOrAdd(subdivision, static s => new Icosphere(s));
    }

    /// <summary>
    /// Angle (radians) subtended by an edge of level <paramref name="subdivision"/>: about
    /// <c>1.1071 / 2ⁿ</c> (the icosahedron's edge angle halved per level); multiply by a radius for a length in mm.
    /// </summary>
    public static double EdgeAngle(int subdivision) => Math.Atan(2) / (1 << subdivision);

    /// <summary>Subdivision level n.</summary>
    public int Subdivision { get; }

    /// <summary>Number of vertices, <c>10·4ⁿ + 2</c>.</summary>
    public int VertexCount => vertices.Length;

    /// <summary>Number of triangles, <c>20·4ⁿ</c>.</summary>
    public int TriangleCount => levelTriangles[Subdivision].Length / 3;

    /// <summary>The vertices: unit vectors.</summary>
    public ReadOnlySpan<Vec3> Vertices => vertices;

    /// <summary>Vertex indices of the triangles, three per triangle, counter-clockwise seen from outside.</summary>
    public ReadOnlySpan<int> Triangles => levelTriangles[Subdivision];

    /// <summary>The vertices sharing an edge with <paramref name="vertex"/>, ascending (5 for the 12 original vertices, 6 otherwise).</summary>
    public ReadOnlySpan<int> Neighbours(int vertex) =>
        neighbourList.AsSpan(neighbourStart[vertex], neighbourStart[vertex + 1] - neighbourStart[vertex]);

    /// <summary>
    /// Solid angle (steradians) attributed to <paramref name="vertex"/>: a third of the spherical area of each
    /// incident triangle. The solid angles sum to 4π; multiply by r² for an area in mm² on a sphere of radius r mm.
    /// </summary>
    public double VertexSolidAngle(int vertex) => vertexSolidAngles[vertex];

    /// <summary>
    /// Finds the triangle whose spherical triangle contains <paramref name="direction"/> (any non-zero vector)
    /// and the gnomonic barycentric coordinates of the direction in it: the weights (u, v, w) ≥ 0, summing to 1,
    /// of the point where the ray hits the flat triangle, for its vertices in <see cref="Triangles"/> order.
    /// Cost: 20 dot products plus three determinants per level.
    /// </summary>
    public (int Triangle, double U, double V, double W) Locate(Vec3 direction)
    {
        int[] baseFaces = levelTriangles[0];
        int face = 0;
        double best = double.NegativeInfinity;
        for (int f = 0; f < 20; f++)
        {
            Vec3 centroid = vertices[baseFaces[3 * f]] + vertices[baseFaces[3 * f + 1]] + vertices[baseFaces[3 * f + 2]];
            double score = centroid.Dot(direction);
            if (score > best) { best = score; face = f; }
        }
        for (int level = 1; level <= Subdivision; level++)
        {
            int[] children = levelTriangles[level];
            int o = 12 * face;
            Vec3 ab = vertices[children[o + 9]], bc = vertices[children[o + 10]], ca = vertices[children[o + 11]];
            int child;
            if (Triple(ab, ca, direction) > 0) child = 0;
            else if (Triple(bc, ab, direction) > 0) child = 1;
            else if (Triple(ca, bc, direction) > 0) child = 2;
            else child = 3;
            face = 4 * face + child;
        }
        int[] triangles = levelTriangles[Subdivision];
        Vec3 a = vertices[triangles[3 * face]], b = vertices[triangles[3 * face + 1]], c = vertices[triangles[3 * face + 2]];
        double u = Math.Max(0, Triple(direction, b, c));
        double v = Math.Max(0, Triple(a, direction, c));
        double w = Math.Max(0, Triple(a, b, direction));
        double sum = u + v + w;
        if (!(sum > 0)) return (face, 1.0 / 3, 1.0 / 3, 1.0 / 3);
        return (face, u / sum, v / sum, w / sum);
    }

    /// <summary>
    /// The corner of the triangle containing <paramref name="direction"/> (<see cref="Locate"/>) with the largest
    /// barycentric weight: the nearest vertex up to ties near a triangle's edges, at the cost of one
    /// <see cref="Locate"/> instead of a pass over all vertices.
    /// </summary>
    public int DominantCorner(Vec3 direction)
    {
        var (t, u, v, w) = Locate(direction);
        int corner = u >= v && u >= w ? 0 : v >= w ? 1 : 2;
        return levelTriangles[Subdivision][3 * t + corner];
    }

    /// <summary>The vertex nearest to <paramref name="direction"/> (largest dot product), found by brute force.</summary>
    public int NearestVertex(Vec3 direction)
    {
        int best = 0;
        double bestDot = double.NegativeInfinity;
        for (int i = 0; i < vertices.Length; i++)
        {
            double d = vertices[i].Dot(direction);
            if (d > bestDot) { bestDot = d; best = i; }
        }
        return best;
    }

    private static double Triple(Vec3 a, Vec3 b, Vec3 c) => a.Dot(b.Cross(c));

    /// <summary>Area of the spherical triangle of unit vectors a, b, c (Van Oosterom–Strackee).</summary>
    private static double SphericalTriangleArea(Vec3 a, Vec3 b, Vec3 c) =>
        2 * Math.Atan2(Math.Abs(Triple(a, b, c)), 1 + a.Dot(b) + b.Dot(c) + c.Dot(a));
}
