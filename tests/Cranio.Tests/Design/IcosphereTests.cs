using Cranio.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Design;

public sealed class IcosphereTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void HasTheCountsOfAGeodesicPolyhedron(int level)
    {
        var mesh = Icosphere.Create(level);
        int vertices = 10 * (1 << (2 * level)) + 2;
        Assert.Equal(vertices, mesh.VertexCount);
        Assert.Equal(20 * (1 << (2 * level)), mesh.TriangleCount);
        int edges = 0, fives = 0;
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            int degree = mesh.Neighbours(v).Length;
            Assert.InRange(degree, 5, 6);
            if (degree == 5) fives++;
            edges += degree;
            Assert.Equal(1.0, mesh.Vertices[v].Length, 12);
        }
        Assert.Equal(12, fives);
        // Euler: V − E + F = 2.
        Assert.Equal(2, mesh.VertexCount - edges / 2 + mesh.TriangleCount);
    }

    [Fact]
    public void SolidAnglesSumToTheSphereAndTrianglesFaceOutwards()
    {
        var mesh = Icosphere.Create(4);
        double total = 0;
        for (int v = 0; v < mesh.VertexCount; v++) total += mesh.VertexSolidAngle(v);
        Assert.Equal(4 * Math.PI, total, 9);
        var t = mesh.Triangles;
        for (int i = 0; i < t.Length; i += 3)
        {
            Vec3 a = mesh.Vertices[t[i]], b = mesh.Vertices[t[i + 1]], c = mesh.Vertices[t[i + 2]];
            Assert.True((b - a).Cross(c - a).Dot(a + b + c) > 0, $"triangle {i / 3} faces inwards");
        }
    }

    [Fact]
    public void EdgeAngleMatchesTheMesh()
    {
        var mesh = Icosphere.Create(4);
        double sum = 0;
        int count = 0;
        for (int v = 0; v < mesh.VertexCount; v++)
            foreach (int w in mesh.Neighbours(v))
            {
                sum += Math.Acos(Math.Clamp(mesh.Vertices[v].Dot(mesh.Vertices[w]), -1, 1));
                count++;
            }
        Assert.InRange(sum / count / Icosphere.EdgeAngle(4), 0.9, 1.1);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void LocateFindsTheTriangleContainingADirection(int level)
    {
        var mesh = Icosphere.Create(level);
        var random = new Random(7);
        var t = mesh.Triangles;
        for (int trial = 0; trial < 2000; trial++)
        {
            var d = new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5) * 3;
            if (d.Length < 1e-3) continue;
            var (triangle, u, v, w) = mesh.Locate(d);
            Vec3 a = mesh.Vertices[t[3 * triangle]], b = mesh.Vertices[t[3 * triangle + 1]], c = mesh.Vertices[t[3 * triangle + 2]];
            Assert.Equal(1.0, u + v + w, 12);
            Assert.True(u >= 0 && v >= 0 && w >= 0);
            // The weights rebuild the direction (gnomonic projection onto the flat triangle).
            Vec3 rebuilt = (a * u + b * v + c * w).Normalized();
            Assert.True(rebuilt.MaxAbsDifference(d.Normalized()) < 1e-9, $"trial {trial}: {rebuilt} vs {d.Normalized()}");
            // The nearest vertex is a corner of the containing triangle (the mesh is Delaunay).
            int nearest = mesh.NearestVertex(d);
            Assert.Contains(nearest, new[] { t[3 * triangle], t[3 * triangle + 1], t[3 * triangle + 2] });
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    public void DominantCornerIsTheNearestVertexUpToTies(int level)
    {
        var mesh = Icosphere.Create(level);
        var random = new Random(11);
        int same = 0, trials = 3000;
        for (int trial = 0; trial < trials; trial++)
        {
            var d = new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5);
            if (d.Length < 1e-3) { same++; continue; }
            Vec3 unit = d.Normalized();
            int corner = mesh.DominantCorner(d), nearest = mesh.NearestVertex(d);
            if (corner == nearest) same++;
            double angle = Math.Acos(Math.Clamp(mesh.Vertices[corner].Dot(unit), -1, 1));
            Assert.True(angle <= 0.75 * Icosphere.EdgeAngle(level), $"trial {trial}: {angle} rad from its dominant corner");
        }
        Assert.True(same >= 0.9 * trials, $"dominant corner is the nearest vertex in {same} of {trials} trials");
    }

    [Fact]
    public void RejectsALevelOutOfRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Icosphere.Create(9));
        Assert.Contains("got 9", error.Message);
    }
}
