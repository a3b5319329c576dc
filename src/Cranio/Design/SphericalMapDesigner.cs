using System.Globalization;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Training-free implant design on a spherical map of the skull (after Mishinov's icosahedral spherical grid):
/// <list type="number">
/// <item>a centre of the cranial vault from a sphere fitted to the outer surface of the upper vault;</item>
/// <item>rays from that centre along the vertices of an icosphere give, per direction, the inner and outer
/// radius of the bone;</item>
/// <item>directions without bone form regions on the sphere mesh; the region at the inferior pole (below the
/// skull base) and regions below the area threshold are not defects;</item>
/// <item>the inner and outer radius fields are filled over each defect by a biharmonic interpolation that
/// matches values and slopes at its border and follows the curvature of the skull's mirror image; radii in a band around the defect that disagree with a fill
/// that ignores them (cut edges) are restored too; where the mirror image has bone, the restored bone is made at least as
/// thick as its (<see cref="SymmetryTemplate.ThickenToMirror"/>);</item>
/// <item>the shell between the filled radii is voxelised over the restored directions and the skull removed;</item>
/// <item>bone the shell cannot hold (an orbital rim beyond the orbital roof, a ridge under the inner table) is
/// taken from the skull's mirror image next to the implant (<see cref="MirrorSupplement"/>).</item>
/// </list>
/// Steps 4 and 6 use the mid-sagittal plane (<see cref="SphericalMapOptions.SymmetryGuidance"/>,
/// <see cref="SphericalMapOptions.MirrorThicknessFloor"/>, <see cref="SphericalMapOptions.MirrorSupplement"/>); a defect that crosses the midline gets the plain fill there.
/// Nothing about where defects usually lie is assumed: any defect of the vault above the skull base, several
/// at once, of any outline. A defect that reaches below the vault centre's plane (<see cref="SkullShapeModel.NeedsFacePose"/>),
/// towards the orbits, temples or skull base, gets a warning in the report: there the bone beyond the shell is
/// where designs fail most (docs/RESULTS.md).
/// </summary>
public sealed class SphericalMapDesigner : IImplantDesigner
{
    /// <summary>Creates a designer with <paramref name="options"/> (defaults when null).</summary>
    public SphericalMapDesigner(SphericalMapOptions? options = null)
    {
        Options = options ?? new SphericalMapOptions();
    }

    /// <summary>The settings.</summary>
    public SphericalMapOptions Options { get; }

    /// <inheritdoc />
    public string Name => "spherical-map";

    /// <inheritdoc />
    public DesignResult Design(Volume<byte> defectiveSkull, CancellationToken cancellationToken = default)
    {
        SkullMaskValidation.Validate(defectiveSkull);
        var clock = new StageClock(cancellationToken);

        var map = SphericalSkullMap.Build(defectiveSkull, Options, clock.Lap);
        Vec3 centre = map.Centre;
        Icosphere mesh = map.Mesh;
        RadialBoneProfile profile = map.Profile;
        var detection = map.Detection;
        bool[] defect = map.Defect;
        Vec3[] lowest = map.LowestDefectDirections();
        bool[] reachesLow = Array.ConvertAll(lowest, SkullShapeModel.NeedsFacePose);
        int bandRings = map.Rings(Options.BorderBandMm);
        bool[] band = map.BorderBand(Options.BorderBandMm);
        SymmetryTemplate? template = null;
        if (Options.SymmetryGuidance && detection.Count > 0)
        {
            template = SymmetryTemplate.Build(defectiveSkull, map, Options, 2 * bandRings);
            clock.Lap("symmetry template");
        }
        double[]? innerGuide = template?.InnerGuide, outerGuide = template?.OuterGuide;
        if (Options.ShapeModel is { } model && detection.Count > 0)
        {
            (innerGuide, outerGuide) = ShapeGuides(map, model, band, reachesLow.Any(low => low), innerGuide, outerGuide);
            clock.Lap("shape model");
        }
        double[] inner = [], outer = [];
        bool[] innerRestored = [], outerRestored = [];
        Parallel.Invoke(
            () => (inner, innerRestored) = Restore(mesh, profile.Inner, defect, band, 2 * bandRings, Options.BorderToleranceMm, innerGuide),
            () => (outer, outerRestored) = Restore(mesh, profile.Outer, defect, band, 2 * bandRings, Options.BorderToleranceMm, outerGuide));
        var region = new bool[mesh.VertexCount];
        for (int v = 0; v < region.Length; v++)
        {
            region[v] = defect[v] || innerRestored[v] || outerRestored[v];
            if (region[v] && Options.MinimumThicknessMm > 0 && outer[v] - inner[v] < Options.MinimumThicknessMm)
                inner[v] = outer[v] - Options.MinimumThicknessMm;
        }
        if (template is not null && Options.MirrorThicknessFloor) template.ThickenToMirror(mesh, region, inner, outer);
        clock.Lap("surface restoration");

        Volume<byte> implant = ShellVoxelizer.Voxelize(defectiveSkull, centre, mesh, inner, outer, region);
        clock.Lap("voxelisation");
        if (template is not null && Options.MirrorSupplement)
        {
            MirrorSupplement.Apply(implant, defectiveSkull, template.Plane, new RestoredShell(centre, mesh, inner, region, profile.Outer, template.Outer), template.Excluded);
            clock.Lap("mirror supplement");
        }

        var defects = Describe(mesh, centre, detection, outer, reachesLow);
        double volume = implant.CountNonZero() * defectiveSkull.Grid.VoxelVolume / 1000;
        var warnings = new List<string>();
        if (detection.Count == 0) warnings.Add("No defect found: every direction of the vault above the skull base meets bone.");
        for (int k = 0; k < lowest.Length; k++)
            if (reachesLow[k])
                warnings.Add($"Defect {k} reaches below the vault centre's plane (its lowest direction has superior component {lowest[k].Z.ToString("F2", CultureInfo.InvariantCulture)}), towards the orbits, temples or skull base. "
                    + "The design restores the vault's shell; bone beyond it there (orbital roof and rim, frontal sinus walls, sphenoid wing) may be missing or misplaced, so check the implant against the scan.");
        return new DesignResult(implant, new DesignReport(Name, defects, volume, centre, warnings, clock.Timings));
    }

    /// <summary>
    /// Fills one radius field over the defect: first with the whole band unknown, then with only the band
    /// directions that disagree with that first fill by more than the tolerance. Band directions without bone
    /// belong to no defect (the natural opening, small gaps) and are never filled. Both fills
    /// match the measured radii in a collar around the unknown directions in the least-squares sense.
    /// </summary>
    internal static (double[] Values, bool[] Restored) Restore(Icosphere mesh, float[] measured, bool[] defect, bool[] band, int collarRings, double toleranceMm,
        double[]? guide = null)
    {
        int n = mesh.VertexCount;
        var first = new double[n];
        var unknown = new bool[n];
        for (int v = 0; v < n; v++)
        {
            first[v] = measured[v];
            unknown[v] = defect[v] || (band[v] && !float.IsNaN(measured[v]));
        }
        BiharmonicInpainting.Fill(mesh, first, unknown, SphericalSkullMap.Band(mesh, unknown, collarRings), CollarWeight, guide: guide);
        var values = new double[n];
        for (int v = 0; v < n; v++)
        {
            unknown[v] = defect[v] || (band[v] && Math.Abs(measured[v] - first[v]) > toleranceMm);
            values[v] = unknown[v] ? first[v] : measured[v];
        }
        BiharmonicInpainting.Fill(mesh, values, unknown, SphericalSkullMap.Band(mesh, unknown, collarRings), CollarWeight, guide: guide);
        return (values, unknown);
    }

    /// <summary>
    /// Fits <paramref name="model"/> to the skull's radii — posed on the upper directions away from the defects and
    /// their border bands (<see cref="SkullShapeModel.IsUpper"/>), or on every direction away from them when a defect
    /// reaches low (<see cref="SkullShapeModel.NeedsFacePose"/>), its modes fitted within
    /// <see cref="SphericalMapOptions.ShapeFitRadiusMm"/> of a defect — and returns the Laplacians of its smoothed
    /// prediction (<see cref="SymmetryTemplate.Smooth"/>, <see cref="SymmetryTemplate.Laplacian"/>) as the guides,
    /// faded in from the defect border over <see cref="SphericalMapOptions.ShapeGuideRampMm"/> unless a defect reaches
    /// low, and except where the mirror image's guides are known.
    /// </summary>
    private (double[] Inner, double[] Outer) ShapeGuides(SphericalSkullMap map, SkullShapeModel model, bool[] band, bool face, double[]? mirrorInner, double[]? mirrorOuter)
    {
        Icosphere mesh = map.Mesh;
        int n = mesh.VertexCount;
        bool[] near = SphericalSkullMap.Band(mesh, map.Defect, map.Rings(Options.ShapeFitRadiusMm));
        var alignment = new bool[n];
        var fit = new bool[n];
        var inner = new double[n];
        var outer = new double[n];
        for (int v = 0; v < n; v++)
        {
            fit[v] = !map.Defect[v] && !band[v] && near[v];
            alignment[v] = !map.Defect[v] && !band[v] && (face || SkullShapeModel.IsUpper(mesh.Vertices[v]));
            inner[v] = map.Profile.Inner[v];
            outer[v] = map.Profile.Outer[v];
        }
        var (predictedInner, predictedOuter) = model.Predict(mesh, inner, outer, alignment, fit);
        double[] innerGuide = SymmetryTemplate.Laplacian(mesh, SymmetryTemplate.Smooth(mesh, predictedInner, SymmetryTemplate.SmoothingIterations));
        double[] outerGuide = SymmetryTemplate.Laplacian(mesh, SymmetryTemplate.Smooth(mesh, predictedOuter, SymmetryTemplate.SmoothingIterations));
        if (Options.ShapeGuideRampMm > 0 && !face)
        {
            int[] depth = SphericalSkullMap.RingDistances(mesh, Array.ConvertAll(map.Defect, d => !d));
            double ringMm = Icosphere.EdgeAngle(mesh.Subdivision) * map.Radius;
            for (int v = 0; v < n; v++)
            {
                double w = Math.Clamp(depth[v] * ringMm / Options.ShapeGuideRampMm, 0, 1);
                innerGuide[v] *= w;
                outerGuide[v] *= w;
            }
        }
        for (int v = 0; v < n; v++)
        {
            if (mirrorInner is not null && double.IsFinite(mirrorInner[v])) innerGuide[v] = mirrorInner[v];
            if (mirrorOuter is not null && double.IsFinite(mirrorOuter[v])) outerGuide[v] = mirrorOuter[v];
        }
        return (innerGuide, outerGuide);
    }

    /// <summary>λ of the collar's least-squares data term against one squared Laplacian row (see <see cref="BiharmonicInpainting"/>).</summary>
    internal const double CollarWeight = 0.02;

    private static List<DetectedDefect> Describe(Icosphere mesh, Vec3 centre, SphericalDefectDetector.Detection detection, double[] outer, bool[] reachesLow)
    {
        var defects = new List<DetectedDefect>();
        for (int k = 0; k < detection.Count; k++)
        {
            double area = 0;
            Vec3 weighted = Vec3.Zero;
            int count = 0;
            for (int v = 0; v < mesh.VertexCount; v++)
            {
                if (detection.Labels[v] != k) continue;
                double r = outer[v];
                if (double.IsNaN(r)) continue;
                double a = mesh.VertexSolidAngle(v) * r * r;
                area += a;
                weighted += (centre + mesh.Vertices[v] * r) * a;
                count++;
            }
            Vec3 point = area > 0 ? weighted / area : centre;
            Vec3 direction = (point - centre).Length > 0 ? (point - centre).Normalized() : new Vec3(0, 0, 1);
            defects.Add(new DetectedDefect(k, area / 100, point, direction, count, reachesLow[k]));
        }
        return defects;
    }
}
