namespace Cranio.Meshing;

/// <summary>
/// The result of <see cref="TriangleMesh.CheckTopology"/>: counts of the defects that keep a triangle mesh from
/// being a closed, consistently oriented 2-manifold. Every count is zero for a watertight mesh.
/// </summary>
/// <param name="Edges">Number of distinct undirected edges.</param>
/// <param name="BoundaryEdges">Edges used by exactly one triangle (holes).</param>
/// <param name="NonManifoldEdges">Edges used by three or more triangles.</param>
/// <param name="MisorientedEdges">Edges used by exactly two triangles that traverse it in the same direction
/// (neighbouring normals disagree).</param>
/// <param name="NonManifoldVertices">Vertices whose incident triangles do not form one single fan (a disk for
/// interior vertices), e.g. two surfaces touching at a point. Vertices used by no triangle are not counted.</param>
/// <param name="DegenerateTriangles">Triangles that repeat a vertex index.</param>
public readonly record struct MeshTopology(
    int Edges, int BoundaryEdges, int NonManifoldEdges, int MisorientedEdges, int NonManifoldVertices, int DegenerateTriangles)
{
    /// <summary>
    /// True when every edge is shared by exactly two triangles with opposite orientation, every vertex has a
    /// single disk-shaped fan and no triangle repeats a vertex: a closed, consistently oriented 2-manifold.
    /// </summary>
    public bool IsClosedManifold =>
        BoundaryEdges == 0 && NonManifoldEdges == 0 && MisorientedEdges == 0 && NonManifoldVertices == 0 && DegenerateTriangles == 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Edges} edges: {BoundaryEdges} boundary, {NonManifoldEdges} non-manifold, {MisorientedEdges} misoriented; " +
        $"{NonManifoldVertices} non-manifold vertices; {DegenerateTriangles} triangles with a repeated vertex";
}
