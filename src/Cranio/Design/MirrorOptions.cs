namespace Cranio.Design;

/// <summary>Settings of the <see cref="MirrorDesigner"/>, validated on construction.</summary>
public sealed record MirrorOptions
{
    /// <summary>Creates validated options; every parameter has the default documented on its property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its documented range; the message names it.</exception>
    public MirrorOptions(
        double searchAngleDegrees = 12,
        double searchOffsetMm = 15,
        double marginMm = 3,
        double crossingWarningFraction = 0.1,
        SphericalMapOptions? detection = null)
    {
        if (!(searchAngleDegrees >= 0 && searchAngleDegrees <= 45))
            throw new ArgumentOutOfRangeException(nameof(searchAngleDegrees), searchAngleDegrees, $"SearchAngleDegrees must be in [0, 45]; got {searchAngleDegrees}.");
        if (!(searchOffsetMm >= 0 && searchOffsetMm <= 100))
            throw new ArgumentOutOfRangeException(nameof(searchOffsetMm), searchOffsetMm, $"SearchOffsetMm must be in [0, 100]; got {searchOffsetMm}.");
        if (!(marginMm >= 0 && marginMm <= 30))
            throw new ArgumentOutOfRangeException(nameof(marginMm), marginMm, $"MarginMm must be in [0, 30]; got {marginMm}.");
        if (!(crossingWarningFraction >= 0 && crossingWarningFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(crossingWarningFraction), crossingWarningFraction, $"CrossingWarningFraction must be in [0, 1]; got {crossingWarningFraction}.");
        SearchAngleDegrees = searchAngleDegrees;
        SearchOffsetMm = searchOffsetMm;
        MarginMm = marginMm;
        CrossingWarningFraction = crossingWarningFraction;
        Detection = detection ?? new SphericalMapOptions();
    }

    /// <summary>
    /// The mid-sagittal plane's normal is searched within this angle (degrees) of the left–right axis, by yaw
    /// about the superior axis and roll about the posterior axis. Default 12°.
    /// </summary>
    public double SearchAngleDegrees { get; }

    /// <summary>The plane is searched within this distance (mm) of the vault centre along its normal. Default 15 mm.</summary>
    public double SearchOffsetMm { get; }

    /// <summary>Mirrored bone is kept over the defect's directions widened by this margin (mm along the vault surface). Default 3 mm.</summary>
    public double MarginMm { get; }

    /// <summary>
    /// A warning is reported when more than this fraction of a defect's directions mirror onto the defect itself
    /// (the defect crosses the plane, so the mirror has no bone there). Default 0.1.
    /// </summary>
    public double CrossingWarningFraction { get; }

    /// <summary>How defects are found (the spherical map's vault centre, direction grid and thresholds).</summary>
    public SphericalMapOptions Detection { get; }
}
