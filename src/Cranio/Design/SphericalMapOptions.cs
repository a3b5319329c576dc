using System.Globalization;

namespace Cranio.Design;

/// <summary>
/// Settings of the <see cref="SphericalMapDesigner"/>, validated on construction. All lengths are in mm,
/// areas in cm², angles in degrees.
/// </summary>
public sealed record SphericalMapOptions
{
    /// <summary>Creates validated options; every parameter has the default documented on its property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its documented range; the message names it.</exception>
    public SphericalMapOptions(
        int? subdivision = null,
        double minimumDefectAreaCm2 = 2.0,
        double borderBandMm = 6.0,
        double borderToleranceMm = 1.0,
        double bridgedGapMm = 2.0,
        double naturalOpeningConeDegrees = 50.0,
        double minimumThicknessMm = 0.0,
        bool symmetryGuidance = true,
        double symmetrySearchAngleDegrees = 12,
        double symmetrySearchOffsetMm = 15,
        bool mirrorSupplement = true,
        SkullShapeModel? shapeModel = null,
        double shapeFitRadiusMm = 30,
        double shapeGuideRampMm = 20,
        bool mirrorThicknessFloor = true)
    {
        if (subdivision is < 3 or > 8)
            throw new ArgumentOutOfRangeException(nameof(subdivision), subdivision, $"Subdivision must be 3…8 or null (automatic); got {subdivision}.");
        Check(minimumDefectAreaCm2, 0, 1000, nameof(minimumDefectAreaCm2));
        Check(borderBandMm, 0, 50, nameof(borderBandMm));
        Check(borderToleranceMm, 0.01, 20, nameof(borderToleranceMm));
        Check(bridgedGapMm, 0, 20, nameof(bridgedGapMm));
        Check(naturalOpeningConeDegrees, 0, 90, nameof(naturalOpeningConeDegrees));
        Check(minimumThicknessMm, 0, 30, nameof(minimumThicknessMm));
        Check(symmetrySearchAngleDegrees, 0, 45, nameof(symmetrySearchAngleDegrees));
        Check(symmetrySearchOffsetMm, 0, 100, nameof(symmetrySearchOffsetMm));
        Check(shapeFitRadiusMm, 1, 200, nameof(shapeFitRadiusMm));
        Check(shapeGuideRampMm, 0, 200, nameof(shapeGuideRampMm));
        Subdivision = subdivision;
        MinimumDefectAreaCm2 = minimumDefectAreaCm2;
        BorderBandMm = borderBandMm;
        BorderToleranceMm = borderToleranceMm;
        BridgedGapMm = bridgedGapMm;
        NaturalOpeningConeDegrees = naturalOpeningConeDegrees;
        MinimumThicknessMm = minimumThicknessMm;
        SymmetryGuidance = symmetryGuidance;
        SymmetrySearchAngleDegrees = symmetrySearchAngleDegrees;
        SymmetrySearchOffsetMm = symmetrySearchOffsetMm;
        MirrorSupplement = mirrorSupplement;
        ShapeModel = shapeModel;
        ShapeFitRadiusMm = shapeFitRadiusMm;
        ShapeGuideRampMm = shapeGuideRampMm;
        MirrorThicknessFloor = mirrorThicknessFloor;
    }

    /// <summary>
    /// Subdivision level of the icosahedral direction grid (3…8), or null (default) to pick the coarsest level
    /// whose edge, at the fitted vault radius, is at most <see cref="EdgeToSpacingRatio"/> times the smallest
    /// voxel spacing (level 6, 40,962 directions, for SkullFix's 0.45 mm voxels).
    /// </summary>
    public int? Subdivision { get; }

    /// <summary>Regions without bone whose opening is smaller than this (cm²) are gaps, not defects. Default 2 cm².</summary>
    public double MinimumDefectAreaCm2 { get; }

    /// <summary>
    /// Width (mm, along the skull surface) of the band around each defect where the measured radii are checked
    /// against a fill that ignores them; radii near a cut edge are unreliable. Default 6 mm (chosen over 4, 5 and 8 mm
    /// on SkullFix and on injected defects, docs/RESULTS.md). Mirror images that land within twice this width of a
    /// defect are not trusted (<see cref="SymmetryTemplate"/>).
    /// </summary>
    public double BorderBandMm { get; }

    /// <summary>Band radii that differ from that fill by more than this (mm) are restored too. Default 1 mm.</summary>
    public double BorderToleranceMm { get; }

    /// <summary>Background gaps up to this length (mm) inside bone along a ray are bridged (diploë, noise). Default 2 mm.</summary>
    public double BridgedGapMm { get; }

    /// <summary>
    /// A region without bone that reaches within this angle (degrees) of the inferior direction (−S) as seen
    /// from the vault centre is the natural opening below the skull base (foramen magnum, neck), not a defect.
    /// Default 50°.
    /// </summary>
    public double NaturalOpeningConeDegrees { get; }

    /// <summary>Where the restored bone is thinner than this (mm, radially) the inner surface is lowered to reach it. Default 0 (off).</summary>
    public double MinimumThicknessMm { get; }

    /// <summary>
    /// When true (default), the fill over a defect follows the curvature of the skull's mirror image in its
    /// mid-sagittal plane wherever that image has bone (<see cref="SymmetryTemplate"/>); a defect that crosses
    /// the midline falls back to the plain biharmonic fill where it mirrors onto itself.
    /// </summary>
    public bool SymmetryGuidance { get; }

    /// <summary>
    /// When true (default) and <see cref="SymmetryGuidance"/> is on, bone of the mirror image within 15 mm of the
    /// implant that the shell cannot hold — under its restored inner surface, or beyond the first bone layer
    /// (the mirror image's in the restored directions, the skull's elsewhere) — is added to the implant (<see cref="Design.MirrorSupplement"/>).
    /// </summary>
    public bool MirrorSupplement { get; }

    /// <summary>
    /// When true (default) and <see cref="SymmetryGuidance"/> is on, the restored bone is made at least as thick as the
    /// skull's mirror image wherever the two agree on where the bone lies (<see cref="SymmetryTemplate.ThickenToMirror"/>):
    /// the fill carries the cut-thinned radii of the defect's border into its middle, so it is too thin, never too thick,
    /// and the healthy side says how thick the bone is there. A defect that crosses the midline mirrors onto itself and is
    /// unchanged. Chosen on the training skulls' injected defects (docs/RESULTS.md, "The mirror image's thickness as a floor").
    /// </summary>
    public bool MirrorThicknessFloor { get; }

    /// <summary>
    /// A statistical shape model of the vault (null by default: the designer is then training-free). When set, it is
    /// fitted to the bone within <see cref="ShapeFitRadiusMm"/> of the defects and the fill follows the curvature of its
    /// prediction wherever the mirror image gives no guide (a defect that crosses the midline, both halves of a
    /// bilateral pair, or <see cref="SymmetryGuidance"/> off).
    /// </summary>
    public SkullShapeModel? ShapeModel { get; }

    /// <summary>The shape model is fitted to the radii measured within this distance (mm, along the vault) of a defect, outside its border band. Default 30 mm.</summary>
    public double ShapeFitRadiusMm { get; }

    /// <summary>
    /// Depth (mm, along the vault from the nearest direction with bone) over which the shape model's guide fades in:
    /// at depth d into a defect the guide is scaled by w = min(1, d / this), so next to the border the fill continues
    /// the skull's own values and slopes and the model's curvature takes over further in. Not applied when a defect
    /// reaches below the vault centre's plane (<see cref="SkullShapeModel.NeedsFacePose"/>): there the border lies
    /// where the vault turns into the face and skull base, which the border's slopes do not foresee. Default 20 mm
    /// (docs/RESULTS.md, "Fading the guide in from the border"); 0 = the full guide everywhere.
    /// </summary>
    public double ShapeGuideRampMm { get; }

    /// <summary>These settings with <see cref="ShapeModel"/> replaced by <paramref name="model"/>.</summary>
    public SphericalMapOptions WithShapeModel(SkullShapeModel? model) => new(Subdivision, MinimumDefectAreaCm2, BorderBandMm, BorderToleranceMm,
        BridgedGapMm, NaturalOpeningConeDegrees, MinimumThicknessMm, SymmetryGuidance, SymmetrySearchAngleDegrees, SymmetrySearchOffsetMm,
        MirrorSupplement, model, ShapeFitRadiusMm, ShapeGuideRampMm, MirrorThicknessFloor);

    /// <summary>
    /// Every setting except <see cref="ShapeModel"/> as <c>name=value</c> pairs joined by ';' (invariant culture,
    /// shortest round-trip numbers; subdivision "auto" when null). Training samples record it, so a cached prior is
    /// never reused after a setting or a default changes. <see cref="MirrorThicknessFloor"/> is listed only when on
    /// ("mirror_thickness_floor=true"), so priors made without it keep the description they had before it existed.
    /// </summary>
    public string Describe() => string.Join(";",
        "subdivision=" + (Subdivision?.ToString(CultureInfo.InvariantCulture) ?? "auto"),
        Pair("minimum_defect_area_cm2", MinimumDefectAreaCm2), Pair("border_band_mm", BorderBandMm), Pair("border_tolerance_mm", BorderToleranceMm),
        Pair("bridged_gap_mm", BridgedGapMm), Pair("natural_opening_cone_degrees", NaturalOpeningConeDegrees),
        Pair("minimum_thickness_mm", MinimumThicknessMm), "symmetry_guidance=" + (SymmetryGuidance ? "true" : "false"),
        Pair("symmetry_search_angle_degrees", SymmetrySearchAngleDegrees), Pair("symmetry_search_offset_mm", SymmetrySearchOffsetMm),
        "mirror_supplement=" + (MirrorSupplement ? "true" : "false"), Pair("shape_fit_radius_mm", ShapeFitRadiusMm),
        Pair("shape_guide_ramp_mm", ShapeGuideRampMm)) + (MirrorThicknessFloor ? ";mirror_thickness_floor=true" : "");

    private static string Pair(string name, double value) => name + "=" + value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Largest tilt (degrees) of the mid-sagittal plane's normal from the left–right axis searched. Default 12°.</summary>
    public double SymmetrySearchAngleDegrees { get; }

    /// <summary>Largest offset (mm) of the mid-sagittal plane from the vault centre searched. Default 15 mm.</summary>
    public double SymmetrySearchOffsetMm { get; }

    /// <summary>Largest edge length of the automatic direction grid, in smallest voxel spacings (4).</summary>
    public const double EdgeToSpacingRatio = 4.0;

    private static void Check(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
            throw new ArgumentOutOfRangeException(name, value, $"{char.ToUpperInvariant(name[0])}{name[1..]} must be in [{min}, {max}]; got {value}.");
    }
}
