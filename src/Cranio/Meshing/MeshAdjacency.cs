namespace Cranio.Meshing;

/// <summary>
/// The distinct edge neighbours of every vertex of a mesh in compressed rows: the neighbours of vertex v are
/// <c>Neighbours[Start[v] .. Start[v + 1]]</c>, in ascending order.
/// </summary>
internal sealed class MeshAdjacency
{
    private MeshAdjacency(int[] start, int[] neighbours)
    {
        Start = start;
        Neighbours = neighbours;
    }

    /// <summary>Row starts, one more than the vertex count.</summary>
    public int[] Start { get; }

    /// <summary>Neighbour indices, row by row.</summary>
    public int[] Neighbours { get; }

    /// <summary>The neighbours of vertex <paramref name="v"/>.</summary>
    public ReadOnlySpan<int> Of(int v) => Neighbours.AsSpan(Start[v], Start[v + 1] - Start[v]);

    /// <summary>Builds the adjacency of <paramref name="mesh"/>: each triangle edge links its two vertices both ways.</summary>
    public static MeshAdjacency Build(TriangleMesh mesh)
    {
        int n = mesh.VertexCount;
        var counts = new int[n + 1];
        foreach (Triangle t in mesh.Triangles)
        {
            counts[t.A + 1] += 2; counts[t.B + 1] += 2; counts[t.C + 1] += 2;
        }
        for (int v = 0; v < n; v++) counts[v + 1] += counts[v];
        var fill = (int[])counts.Clone();
        var raw = new int[counts[n]];
        foreach (Triangle t in mesh.Triangles)
        {
            raw[fill[t.A]++] = t.B; raw[fill[t.A]++] = t.C;
            raw[fill[t.B]++] = t.C; raw[fill[t.B]++] = t.A;
            raw[fill[t.C]++] = t.A; raw[fill[t.C]++] = t.B;
        }
        var start = new int[n + 1];
        int write = 0;
        for (int v = 0; v < n; v++)
        {
            start[v] = write;
            Span<int> row = raw.AsSpan(counts[v], counts[v + 1] - counts[v]);
            row.Sort();
            for (int i = 0; i < row.Length; i++)
                if ((i == 0 || row[i] != row[i - 1]) && row[i] != v) raw[write++] = row[i];
        }
        start[n] = write;
        return new MeshAdjacency(start, raw[..write]);
    }
}
