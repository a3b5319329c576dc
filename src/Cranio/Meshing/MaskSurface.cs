using Cranio.Volumes;

namespace Cranio.Meshing;

/// <summary>
/// The surface of a mask as a print-ready mesh: marching cubes at level 0.5 in physical LPS millimetres (the full
/// direction matrix, so the mesh overlays the CT), then optional Taubin smoothing and quadric decimation. The
/// result of a closed mask is closed and outward-oriented.
/// </summary>
public static class MaskSurface
{
    /// <summary>Meshes <paramref name="mask"/>; <paramref name="progress"/> receives the fraction done, 0…1.</summary>
    public static TriangleMesh Create(Volume<byte> mask, MaskSurfaceOptions? options = null, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(mask);
        options ??= MaskSurfaceOptions.Default;
        TriangleMesh mesh = MarchingCubes.FromMask(mask);
        progress?.Report(0.4);
        if (options.SmoothingIterations > 0 && mesh.TriangleCount > 0)
            mesh = TaubinSmoothing.Run(mesh, new TaubinSmoothingOptions(iterations: options.SmoothingIterations));
        progress?.Report(0.6);
        if (options.TargetTriangles > 0 && mesh.TriangleCount > options.TargetTriangles)
            mesh = QuadricDecimation.Run(mesh, new QuadricDecimationOptions(options.TargetTriangles));
        progress?.Report(1);
        return mesh;
    }
}
