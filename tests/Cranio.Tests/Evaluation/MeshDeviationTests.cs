using Cranio.Evaluation;
using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.Tests.Evaluation;

public class MeshDeviationTests
{
    private static Vec3 RandomPoint(Random r, double scale) => new((r.NextDouble() - 0.5) * scale, (r.NextDouble() - 0.5) * scale, (r.NextDouble() - 0.5) * scale);

    private static TriangleMesh Soup(int seed, int triangles, double scale, Vec3 offset)
    {
        var r = new Random(seed);
        var vertices = new Vec3[triangles * 3];
        for (int t = 0; t < triangles; t++)
        {
            Vec3 centre = RandomPoint(r, scale) + offset;
            for (int k = 0; k < 3; k++) vertices[3 * t + k] = centre + RandomPoint(r, scale / 4);
        }
        return new TriangleMesh(vertices, Enumerable.Range(0, triangles).Select(t => new Triangle(3 * t, 3 * t + 1, 3 * t + 2)).ToArray());
    }

    private static double BruteForce(Vec3 p, TriangleMesh mesh) => mesh.Triangles.Min(t =>
        (p - TriangleGrid.ClosestPoint(p, mesh.Vertices[t.A], mesh.Vertices[t.B], mesh.Vertices[t.C])).Length);

    [Fact]
    public void ClosestPoint_LiesOnTheTriangleAndNoSampledPointIsCloser()
    {
        var r = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            Vec3 a = RandomPoint(r, 10), b = RandomPoint(r, 10), c = RandomPoint(r, 10), p = RandomPoint(r, 20);
            Vec3 q = TriangleGrid.ClosestPoint(p, a, b, c);
            // q = a + v·(b − a) + w·(c − a) with v, w ≥ 0, v + w ≤ 1 (solve in the triangle's plane by least squares).
            Vec3 e1 = b - a, e2 = c - a, d = q - a;
            double m11 = e1.Dot(e1), m12 = e1.Dot(e2), m22 = e2.Dot(e2), r1 = e1.Dot(d), r2 = e2.Dot(d), det = m11 * m22 - m12 * m12;
            double v = (m22 * r1 - m12 * r2) / det, w = (m11 * r2 - m12 * r1) / det;
            Assert.InRange(v, -1e-9, 1 + 1e-9);
            Assert.InRange(w, -1e-9, 1 + 1e-9);
            Assert.True(v + w <= 1 + 1e-9);
            double found = (p - q).Length;
            for (int s = 0; s < 50; s++)
            {
                double x = r.NextDouble(), y = r.NextDouble();
                if (x + y > 1) (x, y) = (1 - x, 1 - y);
                Assert.True((p - (a + e1 * x + e2 * y)).Length >= found - 1e-9);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomSoups_MatchBruteForce_IncludingVerticesFarOutside(int seed)
    {
        TriangleMesh a = Soup(seed, 300, 20, new Vec3(0, 0, 0));
        TriangleMesh b = Soup(seed + 50, 200, 20, new Vec3(12, -3, 30)); // partly far outside A's box
        MeshDeviation d = MeshDeviation.Measure(a, b);
        for (int i = 0; i < a.VertexCount; i++) Assert.Equal(BruteForce(a.Vertices[i], b), d.AToB[i], 9);
        for (int i = 0; i < b.VertexCount; i++) Assert.Equal(BruteForce(b.Vertices[i], a), d.BToA[i], 9);
        double[] pooled = d.AToB.Concat(d.BToA).ToArray();
        Assert.Equal(pooled.Max(), d.Max, 12);
        Assert.Equal(pooled.Average(), d.MeanAbsolute, 9);
        Assert.Equal(Percentile.Linear(pooled, 95), d.Percentile95, 12);
    }

    [Fact]
    public void ParallelSquares_DeviateByTheirGap()
    {
        static TriangleMesh Square(double z) => new(
            [new Vec3(0, 0, z), new Vec3(10, 0, z), new Vec3(10, 10, z), new Vec3(0, 10, z)],
            [new Triangle(0, 1, 2), new Triangle(0, 2, 3)]);
        MeshDeviation d = MeshDeviation.Measure(Square(0), Square(2.5));
        Assert.All(d.AToB.Concat(d.BToA), x => Assert.Equal(2.5, x, 12));
        Assert.Equal(2.5, d.RootMeanSquare, 12);
    }

    [Fact]
    public void ConcentricSphereMeshes_AnisotropicGrid_DeviateByTheRadiusDifference()
    {
        var grid = MaskFactory.Grid(48, 44, 30, 0.5, 0.6, 0.9);
        var centre = new Vec3(24, 22, 15);
        TriangleMesh inner = MarchingCubes.FromMask(MaskFactory.Sphere(grid, centre, 6));
        TriangleMesh outer = MarchingCubes.FromMask(MaskFactory.Sphere(grid, centre, 10));
        MeshDeviation d = MeshDeviation.Measure(inner, outer);
        Assert.InRange(d.MeanAbsolute, 4 - 0.5, 4 + 0.5);
        Assert.InRange(d.Max, 4 - 0.5, 4 + 1.0);
    }

    [Fact]
    public void MeshWithoutTriangles_IsRejected()
    {
        var square = new TriangleMesh([new Vec3(0, 0, 0), new Vec3(1, 0, 0), new Vec3(0, 1, 0)], [new Triangle(0, 1, 2)]);
        Assert.Contains("must have triangles", Assert.Throws<ArgumentException>(() => MeshDeviation.Measure(square, TriangleMesh.Empty)).Message);
    }
}
