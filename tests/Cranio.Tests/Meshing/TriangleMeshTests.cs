using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.Tests.Meshing;

public class TriangleMeshTests
{
    [Fact]
    public void UnitCube_HasExactAreaVolumeCentroidAndBox()
    {
        TriangleMesh cube = MeshShapes.UnitCube();
        Assert.Equal(6.0, cube.SurfaceArea(), 12);
        Assert.Equal(1.0, cube.SignedVolume(), 12);
        Assert.True(cube.Centroid().MaxAbsDifference(new Vec3(0.5, 0.5, 0.5)) < 1e-12);
        var (min, max) = cube.BoundingBox();
        Assert.Equal(new Vec3(0, 0, 0), min);
        Assert.Equal(new Vec3(1, 1, 1), max);
        MeshTopology topology = cube.CheckTopology();
        Assert.True(topology.IsClosedManifold, topology.ToString());
        Assert.Equal(18, topology.Edges);
        Assert.Equal(0, cube.DegenerateTriangleCount());
    }

    [Fact]
    public void SignedVolume_IsTranslationInvariantAndNegativeWhenInsideOut()
    {
        TriangleMesh cube = MeshShapes.UnitCube();
        var shifted = new TriangleMesh(cube.Vertices.Select(v => v * 3 + new Vec3(100, -200, 50)).ToArray(), cube.Triangles);
        Assert.Equal(27.0, shifted.SignedVolume(), 9);
        Assert.True(shifted.Centroid().MaxAbsDifference(new Vec3(101.5, -198.5, 51.5)) < 1e-9);
        var inverted = new TriangleMesh(cube.Vertices, cube.Triangles.Select(t => t.Flipped()).ToArray());
        Assert.Equal(-1.0, inverted.SignedVolume(), 12);
        Assert.True(inverted.CheckTopology().IsClosedManifold);
    }

    [Fact]
    public void CheckTopology_FindsHolesFlippedTrianglesAndNonManifoldEdges()
    {
        TriangleMesh cube = MeshShapes.UnitCube();
        var open = new TriangleMesh(cube.Vertices, cube.Triangles[1..]);
        Assert.Equal(3, open.CheckTopology().BoundaryEdges);

        Triangle[] flipped = (Triangle[])cube.Triangles.Clone();
        flipped[0] = flipped[0].Flipped();
        MeshTopology t = new TriangleMesh(cube.Vertices, flipped).CheckTopology();
        Assert.Equal(3, t.MisorientedEdges);
        Assert.False(t.IsClosedManifold);

        // A fin: a third triangle on the edge 0–3 of the bottom face.
        var vertices = cube.Vertices.Append(new Vec3(0.5, 0.5, -1)).ToArray();
        var fin = new TriangleMesh(vertices, [.. cube.Triangles, new Triangle(0, 3, 8)]);
        MeshTopology f = fin.CheckTopology();
        Assert.Equal(1, f.NonManifoldEdges);
        Assert.Equal(2, f.BoundaryEdges);
    }

    [Fact]
    public void CheckTopology_FindsTwoCubesTouchingAtOneVertex()
    {
        TriangleMesh cube = MeshShapes.UnitCube();
        // Second cube [1, 2]³ shares vertex 7 = (1, 1, 1) with the first.
        var vertices = cube.Vertices.Concat(cube.Vertices.Select(v => v + new Vec3(1, 1, 1))).ToArray();
        int Map(int i) => i == 0 ? 7 : i + 8;
        var triangles = cube.Triangles.Concat(cube.Triangles.Select(t => new Triangle(Map(t.A), Map(t.B), Map(t.C)))).ToArray();
        MeshTopology topology = new TriangleMesh(vertices, triangles).CheckTopology();
        Assert.Equal(0, topology.BoundaryEdges);
        Assert.Equal(0, topology.NonManifoldEdges);
        Assert.Equal(1, topology.NonManifoldVertices);
        Assert.False(topology.IsClosedManifold);
    }

    [Fact]
    public void DegenerateTriangleCount_CountsRepeatedIndicesAndCollinearCorners()
    {
        Vec3[] v = [new(0, 0, 0), new(1, 0, 0), new(2, 0, 0), new(0, 1, 0)];
        var mesh = new TriangleMesh(v, [new(0, 1, 3), new(0, 1, 2), new(0, 0, 3)]);
        Assert.Equal(2, mesh.DegenerateTriangleCount());
        Assert.Equal(3, mesh.DegenerateTriangleCount(areaTolerance: 0.5));
        Assert.Equal(1, mesh.CheckTopology().DegenerateTriangles);
    }

    [Fact]
    public void Constructor_RejectsOutOfRangeIndicesAndNaN()
    {
        var e = Assert.Throws<ArgumentException>(() => new TriangleMesh([new(0, 0, 0)], [new(0, 0, 1)]));
        Assert.Contains("Triangle 0", e.Message);
        var n = Assert.Throws<ArgumentException>(() => new TriangleMesh([new(0, double.NaN, 0)], []));
        Assert.Contains("Vertex 0", n.Message);
    }
}
