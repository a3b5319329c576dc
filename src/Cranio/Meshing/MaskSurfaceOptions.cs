namespace Cranio.Meshing;

/// <summary>How <see cref="MaskSurface"/> turns a mask into a mesh.</summary>
public sealed record MaskSurfaceOptions
{
    /// <summary>Creates validated options.</summary>
    /// <param name="smoothingIterations">Taubin iterations (λ = 0.5, μ = −0.53) after marching cubes; 0 for none
    /// (default 10: removes the voxel staircase while keeping the volume within 1 %).</param>
    /// <param name="targetTriangles">Decimate to at most this many triangles; 0 for no decimation (default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative.</exception>
    public MaskSurfaceOptions(int smoothingIterations = 10, int targetTriangles = 0)
    {
        if (smoothingIterations < 0) throw new ArgumentOutOfRangeException(nameof(smoothingIterations), smoothingIterations, "Smoothing iterations must be ≥ 0.");
        if (targetTriangles < 0) throw new ArgumentOutOfRangeException(nameof(targetTriangles), targetTriangles, "The target triangle count must be ≥ 0 (0 = no decimation).");
        SmoothingIterations = smoothingIterations;
        TargetTriangles = targetTriangles;
    }

    /// <summary>The defaults: 10 Taubin iterations, no decimation.</summary>
    public static MaskSurfaceOptions Default { get; } = new();

    /// <summary>Taubin iterations; 0 = none.</summary>
    public int SmoothingIterations { get; }

    /// <summary>Largest triangle count after decimation; 0 = no decimation.</summary>
    public int TargetTriangles { get; }
}
