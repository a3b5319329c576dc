using Cranio.Meshing;

namespace Cranio.Evaluation;

/// <summary>
/// Surface deviation between two triangle meshes in mm (LPS coordinates, as meshes are stored): every vertex
/// of A gets the exact Euclidean distance to the nearest point of B's surface (its triangles, not only its
/// vertices), and every vertex of B the distance to A's surface. The statistics pool both sets, as for masks
/// (<see cref="SurfaceDistances"/>): mean absolute, root-mean-square, maximum (the vertex Hausdorff distance)
/// and the 95th percentile (numpy 'linear').
/// </summary>
public sealed class MeshDeviation
{
    private readonly double[] _pooledSorted;

    private MeshDeviation(double[] aToB, double[] bToA)
    {
        AToB = aToB;
        BToA = bToA;
        _pooledSorted = [.. aToB, .. bToA];
        Array.Sort(_pooledSorted);
    }

    /// <summary>For each vertex of A (in order), the distance in mm to the surface of B.</summary>
    public IReadOnlyList<double> AToB { get; }

    /// <summary>For each vertex of B (in order), the distance in mm to the surface of A.</summary>
    public IReadOnlyList<double> BToA { get; }

    /// <summary>Mean absolute surface deviation in mm over both directions.</summary>
    public double MeanAbsolute => _pooledSorted.Average();

    /// <summary>Root-mean-square surface deviation in mm over both directions.</summary>
    public double RootMeanSquare => Math.Sqrt(_pooledSorted.Sum(d => d * d) / _pooledSorted.Length);

    /// <summary>Maximum surface deviation in mm (the Hausdorff distance measured from the vertices).</summary>
    public double Max => _pooledSorted[^1];

    /// <summary>The 95th percentile of the pooled deviations in mm.</summary>
    public double Percentile95 => Percentile.LinearOfSorted(_pooledSorted, 95);

    /// <summary>Measures the deviation between meshes <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">A mesh has no triangles or no vertices.</exception>
    public static MeshDeviation Measure(TriangleMesh a, TriangleMesh b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.VertexCount == 0 || a.TriangleCount == 0) throw new ArgumentException($"Mesh A must have triangles; got {a.VertexCount} vertices and {a.TriangleCount} triangles.", nameof(a));
        if (b.VertexCount == 0 || b.TriangleCount == 0) throw new ArgumentException($"Mesh B must have triangles; got {b.VertexCount} vertices and {b.TriangleCount} triangles.", nameof(b));
        return new MeshDeviation(Distances(a, new TriangleGrid(b)), Distances(b, new TriangleGrid(a)));
    }

    private static double[] Distances(TriangleMesh from, TriangleGrid to)
    {
        var result = new double[from.VertexCount];
        Parallel.For(0, from.VertexCount, i => result[i] = to.Distance(from.Vertices[i]));
        return result;
    }
}
