using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// The skull's own mirror image as a template for the spherical map: the inner and outer bone radius that the
/// skull mirrored in its mid-sagittal plane has along each direction, and the Laplacians of these fields that
/// guide the biharmonic fill over a defect (<see cref="BiharmonicInpainting"/>). A lateral defect thereby takes
/// the curvature of the healthy side — the bend of the vault into the skull base, the temporal fossa — while its
/// border values and slopes still come from the skull around it.
/// </summary>
/// <remarks>
/// The mirrored ray of direction <c>d</c> starts at the reflected centre <c>c′</c> and runs along the reflected
/// direction <c>d′</c> through the defective skull, so no mirrored volume is built. A mirrored radius is unknown
/// (NaN) where that ray meets no bone or lands on a defect or within <c>excludedRings</c> mesh edges of one:
/// a defect that crosses the midline mirrors onto itself, and there the fill stays plainly biharmonic.
/// </remarks>
internal sealed class SymmetryTemplate
{
    private SymmetryTemplate(SymmetryPlane plane, bool[] excluded, double[] inner, double[] outer, double[] innerGuide, double[] outerGuide)
    {
        Plane = plane;
        Excluded = excluded;
        Inner = inner;
        Outer = outer;
        InnerGuide = innerGuide;
        OuterGuide = outerGuide;
    }

    /// <summary>The mid-sagittal plane found on the defective skull.</summary>
    public SymmetryPlane Plane { get; }

    /// <summary>
    /// The directions on a defect or within the exclusion ring of one: a mirror image that lands there shows a
    /// defect or its cut edges, not healthy bone.
    /// </summary>
    public bool[] Excluded { get; }

    /// <summary>Mirrored inner radius per direction (mm), NaN where unknown.</summary>
    public double[] Inner { get; }

    /// <summary>Mirrored outer radius per direction (mm), NaN where unknown.</summary>
    public double[] Outer { get; }

    /// <summary>Uniform graph Laplacian of <see cref="Inner"/> per vertex, NaN where any value of its stencil is unknown.</summary>
    public double[] InnerGuide { get; }

    /// <summary>Uniform graph Laplacian of <see cref="Outer"/> per vertex, NaN where any value of its stencil is unknown.</summary>
    public double[] OuterGuide { get; }

    /// <summary>Builds the template of <paramref name="map"/>'s skull.</summary>
    /// <param name="skull">The defective skull the map was built on.</param>
    /// <param name="map">Its spherical map.</param>
    /// <param name="options">The designer's settings (plane search range, bridged gap).</param>
    /// <param name="excludedRings">Mirrored rays that land within this many mesh edges of a defect are unknown.</param>
    public static SymmetryTemplate Build(Volume<byte> skull, SphericalSkullMap map, SphericalMapOptions options, int excludedRings)
    {
        SymmetryPlane plane = MidSagittalPlaneSearch.Fit(skull, map.Centre, options.SymmetrySearchAngleDegrees, options.SymmetrySearchOffsetMm, PlaneSamples);
        Icosphere mesh = map.Mesh;
        int n = mesh.VertexCount;
        Vec3 mirroredCentre = plane.Reflect(map.Centre);
        var directions = new Vec3[n];
        for (int v = 0; v < n; v++) directions[v] = plane.ReflectDirection(mesh.Vertices[v]);
        RadialBoneProfile mirrored = RadialBoneProfile.Cast(skull, mirroredCentre, directions, options.BridgedGapMm);

        bool[] excluded = SphericalSkullMap.Band(mesh, map.Defect, excludedRings);
        for (int v = 0; v < n; v++) excluded[v] |= map.Defect[v];
        var inner = new double[n];
        var outer = new double[n];
        for (int v = 0; v < n; v++)
        {
            // The direction, seen from the map's centre, of where the mirrored ray crosses the vault.
            int landing = mesh.DominantCorner(mirroredCentre + directions[v] * map.Radius - map.Centre);
            bool known = !excluded[landing] && !float.IsNaN(mirrored.Inner[v]);
            inner[v] = known ? mirrored.Inner[v] : double.NaN;
            outer[v] = known ? mirrored.Outer[v] : double.NaN;
        }
        return new SymmetryTemplate(plane, excluded, inner, outer, Laplacian(mesh, Smooth(mesh, inner, SmoothingIterations)), Laplacian(mesh, Smooth(mesh, outer, SmoothingIterations)));
    }

    /// <summary>
    /// Makes the restored bone at least as thick as the mirror image's where both agree on where the bone lies. With
    /// the mirrored radii smoothed by <see cref="ThicknessSmoothingIterations"/> passes (<see cref="Smooth"/>), in each
    /// restored direction v where both are known, the mirror image's thickness t = R′_out(v) − R′_in(v) is at most
    /// <see cref="ThicknessFloorCapMm"/> and |R′_out(v) − R_out(v)| ≤ <see cref="ThicknessFloorOuterToleranceMm"/>,
    /// the restored inner radius becomes min(R_in(v), R_out(v) − t); the outer surface is never moved.
    /// </summary>
    /// <param name="mesh">The direction grid the template was built on.</param>
    /// <param name="region">The restored directions; others are left alone.</param>
    /// <param name="inner">Restored inner radius per direction (mm), lowered in place.</param>
    /// <param name="outer">Restored outer radius per direction (mm).</param>
    public void ThickenToMirror(Icosphere mesh, bool[] region, double[] inner, double[] outer)
    {
        double[] mirroredInner = Smooth(mesh, Inner, ThicknessSmoothingIterations);
        double[] mirroredOuter = Smooth(mesh, Outer, ThicknessSmoothingIterations);
        for (int v = 0; v < region.Length; v++)
        {
            if (!region[v] || double.IsNaN(mirroredInner[v]) || double.IsNaN(mirroredOuter[v])) continue;
            double thickness = mirroredOuter[v] - mirroredInner[v];
            if (thickness <= ThicknessFloorCapMm && Math.Abs(mirroredOuter[v] - outer[v]) <= ThicknessFloorOuterToleranceMm)
                inner[v] = Math.Min(inner[v], outer[v] - thickness);
        }
    }

    /// <summary>
    /// Mirrored bone thicker than this (mm, radially) sets no floor (6 mm): rays that graze the skull base, the
    /// petrous bone or the sphenoid wing measure such thicknesses, which the vault's shell does not have. Chosen among
    /// 5, 6 and 8 mm on the training skulls' injected defects (docs/RESULTS.md).
    /// </summary>
    internal const double ThicknessFloorCapMm = 6;

    /// <summary>
    /// The mirror image's outer surface must lie within this distance (mm) of the restored one for its thickness to
    /// count (3 mm; 2 mm was level): further apart, the two rays meet different bone.
    /// </summary>
    internal const double ThicknessFloorOuterToleranceMm = 3;

    /// <summary>Averaging passes over the mirrored radii before their thickness is taken (2).</summary>
    internal const int ThicknessSmoothingIterations = 2;

    /// <summary>Bone points scored per candidate plane (6,000: the plane moves by well under a voxel against 20,000).</summary>
    internal const int PlaneSamples = 6000;

    /// <summary>
    /// Averaging passes over the mirrored radii before their Laplacian is taken: each pass replaces a value by the
    /// mean of itself and its neighbours, which removes the voxel steps of the ray cast from the guide (3).
    /// </summary>
    internal const int SmoothingIterations = 3;

    /// <summary>
    /// <paramref name="iterations"/> passes of <c>f_v ← (f_v + Σ_{u~v} f_u) / (1 + deg v)</c> where the whole
    /// stencil is known; other values are kept.
    /// </summary>
    internal static double[] Smooth(Icosphere mesh, double[] values, int iterations)
    {
        double[] current = (double[])values.Clone();
        var next = new double[current.Length];
        for (int pass = 0; pass < iterations; pass++)
        {
            for (int v = 0; v < current.Length; v++)
            {
                var neighbours = mesh.Neighbours(v);
                double sum = current[v];
                foreach (int w in neighbours) sum += current[w];
                next[v] = double.IsNaN(sum) ? current[v] : sum / (1 + neighbours.Length);
            }
            (current, next) = (next, current);
        }
        return current;
    }

    /// <summary><c>(L f)_v = f_v − mean_{u~v} f_u</c>, NaN where any value of the stencil is NaN.</summary>
    internal static double[] Laplacian(Icosphere mesh, double[] values)
    {
        var result = new double[mesh.VertexCount];
        for (int v = 0; v < result.Length; v++)
        {
            var neighbours = mesh.Neighbours(v);
            double sum = 0;
            foreach (int w in neighbours) sum += values[w];
            result[v] = values[v] - sum / neighbours.Length;
        }
        return result;
    }
}
