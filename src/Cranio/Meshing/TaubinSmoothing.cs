using Cranio.Volumes;

namespace Cranio.Meshing;

/// <summary>
/// Taubin λ/μ smoothing (Taubin 1995, "A signal processing approach to fair surface design"): alternating
/// umbrella-operator steps p ← p + f·L(p) with f = λ (shrink) then f = μ (inflate), where
/// L(p) = mean of the edge neighbours − p. Unlike plain Laplacian smoothing it does not shrink the surface:
/// a marching-cubes ball keeps its volume within 1 % while the staircase area bias drops.
/// </summary>
/// <remarks>Connectivity is unchanged; vertices move in LPS mm. Each pass computes all new positions from the
/// previous ones (Jacobi order), in parallel, so the result does not depend on the thread count.</remarks>
public static class TaubinSmoothing
{
    /// <summary>A smoothed copy of <paramref name="mesh"/> (the input is not modified).</summary>
    public static TriangleMesh Run(TriangleMesh mesh, TaubinSmoothingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        options ??= new TaubinSmoothingOptions();
        MeshAdjacency adjacency = MeshAdjacency.Build(mesh);
        var current = (Vec3[])mesh.Vertices.Clone();
        var next = new Vec3[current.Length];
        for (int i = 0; i < options.Iterations; i++)
        {
            Step(adjacency, current, next, options.Lambda);
            Step(adjacency, next, current, options.Mu);
        }
        return new TriangleMesh(current, mesh.Triangles);
    }

    private static void Step(MeshAdjacency adjacency, Vec3[] source, Vec3[] target, double factor)
    {
        const int chunk = 16384;
        int chunks = (source.Length + chunk - 1) / chunk;
        Parallel.For(0, chunks, c =>
        {
            int end = Math.Min(source.Length, (c + 1) * chunk);
            for (int v = c * chunk; v < end; v++)
            {
                ReadOnlySpan<int> neighbours = adjacency.Of(v);
                if (neighbours.Length == 0)
                {
                    target[v] = source[v];
                    continue;
                }
                double x = 0, y = 0, z = 0;
                foreach (int n in neighbours)
                {
                    Vec3 p = source[n];
                    x += p.X; y += p.Y; z += p.Z;
                }
                double inverse = 1.0 / neighbours.Length;
                Vec3 s = source[v];
                target[v] = new Vec3(
                    s.X + factor * (x * inverse - s.X),
                    s.Y + factor * (y * inverse - s.Y),
                    s.Z + factor * (z * inverse - s.Z));
            }
        });
    }
}
