using Cranio.Volumes;

namespace Cranio.Meshing;

/// <summary>
/// The triangulation of the 256 marching-cubes configurations, generated (not typed in) from one rule that
/// makes neighbouring cubes agree, so the surface is closed and manifold with no cracks.
/// </summary>
/// <remarks>
/// <para>Corner c of a cube sits at (c &amp; 1, (c &gt;&gt; 1) &amp; 1, (c &gt;&gt; 2) &amp; 1); the case index has bit c set when
/// corner c is inside. Edge e runs along axis e / 4 from the corner with that axis bit clear; its two other
/// coordinates are the bits of e % 4 (for axis x: y + 2z, for y: x + 2z, for z: x + 2y).</para>
/// <para>On every cube face the crossed edges are joined into segments. A face with two diagonal inside corners
/// is ambiguous; the rule is fixed to <em>separate the inside corners</em> (each gets its own segment). The rule
/// depends on the face's four corners only, so the two cubes sharing a face draw the same segments. Segments
/// are oriented so that the surface normal points from inside to outside, chained into closed loops, and each
/// loop is triangulated as a fan from its first edge. Every crossed edge lies on exactly one loop.</para>
/// </remarks>
internal static class MarchingCubesTable
{
    /// <summary>Triangles of case c are edge triples TriangleEdges[3·t …] for t in [TriangleStart[c], TriangleStart[c + 1]).</summary>
    public static readonly int[] TriangleStart;

    /// <summary>Edge indices of all triangles, three per triangle, counter-clockwise seen from outside.</summary>
    public static readonly byte[] TriangleEdges;

    /// <summary>Bit mask of the crossed edges of each case.</summary>
    public static readonly ushort[] CrossedEdges = new ushort[256];

    /// <summary>The two corners of each edge (the one with the axis bit clear first).</summary>
    public static readonly (int From, int To)[] EdgeCorners = new (int, int)[12];

    static MarchingCubesTable()
    {
        for (int e = 0; e < 12; e++)
        {
            int axis = e >> 2, rest = e & 3;
            int from = axis switch
            {
                0 => ((rest & 1) << 1) | ((rest >> 1) << 2),
                1 => (rest & 1) | ((rest >> 1) << 2),
                _ => (rest & 1) | ((rest >> 1) << 1),
            };
            EdgeCorners[e] = (from, from | (1 << axis));
        }
        var starts = new int[257];
        var edges = new List<byte>();
        for (int c = 0; c < 256; c++)
        {
            starts[c] = edges.Count / 3;
            foreach (var loop in Loops(c))
            {
                int apex = FanApex(loop);
                for (int i = 1; i + 1 < loop.Count; i++)
                {
                    edges.Add((byte)loop[apex]);
                    edges.Add((byte)loop[(apex + i) % loop.Count]);
                    edges.Add((byte)loop[(apex + i + 1) % loop.Count]);
                }
            }
            ushort crossed = 0;
            for (int e = 0; e < 12; e++)
                if (Inside(c, EdgeCorners[e].From) != Inside(c, EdgeCorners[e].To)) crossed |= (ushort)(1 << e);
            CrossedEdges[c] = crossed;
        }
        starts[256] = edges.Count / 3;
        TriangleStart = starts;
        TriangleEdges = edges.ToArray();
    }

    /// <summary>
    /// The loop position to fan from: the first whose diagonals join no two edges of a common cube face. Such a
    /// diagonal would lie in the face, where the neighbouring cube may draw the same vertex pair, and the
    /// pair would then be shared by four triangles (a non-manifold edge).
    /// </summary>
    private static int FanApex(List<int> loop)
    {
        for (int apex = 0; apex < loop.Count; apex++)
        {
            bool safe = true;
            for (int i = 2; i + 1 < loop.Count && safe; i++)
                safe = !ShareFace(loop[apex], loop[(apex + i) % loop.Count]);
            if (safe) return apex;
        }
        throw new InvalidOperationException($"Marching cubes table: no fan of loop [{string.Join(", ", loop)}] avoids a diagonal within a face.");
    }

    /// <summary>True when two cube edges lie on a common face.</summary>
    private static bool ShareFace(int e1, int e2)
    {
        var (a1, b1) = EdgeCorners[e1];
        var (a2, b2) = EdgeCorners[e2];
        int common = ~(a1 ^ b1) & ~(a2 ^ b2) & 7;
        for (int axis = 0; axis < 3; axis++)
        {
            int bit = 1 << axis;
            if ((common & bit) != 0 && (a1 & bit) == (a2 & bit)) return true;
        }
        return false;
    }

    /// <summary>Edge between two corners that differ in exactly one bit.</summary>
    public static int EdgeBetween(int a, int b)
    {
        int axis = System.Numerics.BitOperations.TrailingZeroCount(a ^ b);
        int from = Math.Min(a, b);
        int x = from & 1, y = (from >> 1) & 1, z = (from >> 2) & 1;
        return axis switch
        {
            0 => y + 2 * z,
            1 => 4 + x + 2 * z,
            _ => 8 + x + 2 * y,
        };
    }

    /// <summary>Position of a corner in the unit cube.</summary>
    public static Vec3 CornerPosition(int c) => new(c & 1, (c >> 1) & 1, (c >> 2) & 1);

    /// <summary>Midpoint of an edge in the unit cube.</summary>
    public static Vec3 EdgeMidpoint(int e) => (CornerPosition(EdgeCorners[e].From) + CornerPosition(EdgeCorners[e].To)) * 0.5;

    private static bool Inside(int configuration, int corner) => ((configuration >> corner) & 1) != 0;

    /// <summary>The closed, oriented edge loops of configuration <paramref name="c"/>.</summary>
    private static List<List<int>> Loops(int c)
    {
        var next = new int[12];
        Array.Fill(next, -1);
        var q = new int[4];
        for (int axis = 0; axis < 3; axis++)
        {
            int u = (axis + 1) % 3, v = (axis + 2) % 3;
            for (int side = 0; side < 2; side++)
            {
                var faceNormal = new Vec3(axis == 0 ? 2 * side - 1 : 0, axis == 1 ? 2 * side - 1 : 0, axis == 2 ? 2 * side - 1 : 0);
                q[0] = side << axis;
                q[1] = q[0] | (1 << u);
                q[2] = q[1] | (1 << v);
                q[3] = q[0] | (1 << v);
                int insideCount = 0;
                Vec3 insideSum = Vec3.Zero, outsideSum = Vec3.Zero;
                for (int i = 0; i < 4; i++)
                {
                    if (Inside(c, q[i])) { insideCount++; insideSum += CornerPosition(q[i]); }
                    else outsideSum += CornerPosition(q[i]);
                }
                if (insideCount == 0 || insideCount == 4) continue;
                bool diagonal = insideCount == 2 && Inside(c, q[0]) == Inside(c, q[2]);
                if (diagonal)
                {
                    for (int i = 0; i < 4; i++)
                    {
                        if (!Inside(c, q[i])) continue;
                        int e1 = EdgeBetween(q[(i + 3) % 4], q[i]), e2 = EdgeBetween(q[i], q[(i + 1) % 4]);
                        Vec3 outward = (EdgeMidpoint(e1) + EdgeMidpoint(e2)) * 0.5 - CornerPosition(q[i]);
                        Link(next, e1, e2, outward, faceNormal);
                    }
                }
                else
                {
                    int first = -1, second = -1;
                    for (int i = 0; i < 4; i++)
                    {
                        if (Inside(c, q[i]) == Inside(c, q[(i + 1) % 4])) continue;
                        int e = EdgeBetween(q[i], q[(i + 1) % 4]);
                        if (first < 0) first = e; else second = e;
                    }
                    Vec3 outward = outsideSum / (4 - insideCount) - insideSum / insideCount;
                    Link(next, first, second, outward, faceNormal);
                }
            }
        }
        var loops = new List<List<int>>();
        var used = new bool[12];
        for (int e = 0; e < 12; e++)
        {
            if (next[e] < 0 || used[e]) continue;
            var loop = new List<int>();
            for (int k = e; !used[k]; k = next[k])
            {
                used[k] = true;
                loop.Add(k);
            }
            loops.Add(loop);
        }
        return loops;
    }

    /// <summary>
    /// Orients the segment between edges <paramref name="e1"/> and <paramref name="e2"/> along N × n_F, where N
    /// points from inside to outside within the face and n_F is the face's outward normal: that is the boundary
    /// direction of a surface patch with normal N lying inside the cube.
    /// </summary>
    private static void Link(int[] next, int e1, int e2, Vec3 outward, Vec3 faceNormal)
    {
        Vec3 direction = outward.Cross(faceNormal);
        if ((EdgeMidpoint(e2) - EdgeMidpoint(e1)).Dot(direction) < 0) (e1, e2) = (e2, e1);
        if (next[e1] >= 0) throw new InvalidOperationException($"Marching cubes table: edge {e1} gets two successors.");
        next[e1] = e2;
    }
}
