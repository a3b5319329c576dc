namespace Cranio.Defects;

/// <summary>Parameters of <see cref="DefectInjector"/>; immutable and validated on construction. Lengths in mm, volumes in mm³.</summary>
public sealed record DefectOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="kinds">Kinds to draw from with equal probability (default: all of <see cref="DefectKinds.All"/>).</param>
    /// <param name="minSize">Smallest defect size in mm: the diameter of the main sphere or ellipsoid, the side of a box,
    /// the diameter of a cylinder (default 30 mm).</param>
    /// <param name="maxSize">Largest defect size in mm (≥ minSize; default 90 mm).</param>
    /// <param name="drillHoleDiameter">Diameter in mm of the craniotomy drill holes at the corners of SkullFix defects
    /// (default 10 mm).</param>
    /// <param name="maxSkullFraction">Largest share of the skull's bone volume a defect may remove, 0…1 (default 0.35,
    /// the limit of Wu et al. 2022).</param>
    /// <param name="minImplantVolume">Smallest bone volume in mm³ a defect must remove (default 1000 mm³ = 1 cm³).</param>
    /// <param name="maxFragmentVolume">Largest volume in mm³ of a bone piece that a defect may cut off from the rest of
    /// the skull; a placement that leaves two pieces larger than this splits the skull and is redrawn (default 100 mm³).</param>
    /// <param name="maxAttempts">Placements tried before giving up with an error (1…10,000; default 100).</param>
    /// <param name="clinicalGap">Clearance in mm between the implant and the defect border (<see cref="Cranio.Design.ClinicalGap"/>):
    /// implant voxels closer than this to the defective skull are left out of the implant (finite, ≥ 0; default 0 = the
    /// implant is exactly the removed bone).</param>
    public DefectOptions(
        IEnumerable<DefectKind>? kinds = null,
        double minSize = 30,
        double maxSize = 90,
        double drillHoleDiameter = 10,
        double maxSkullFraction = 0.35,
        double minImplantVolume = 1000,
        double maxFragmentVolume = 100,
        int maxAttempts = 100,
        double clinicalGap = 0)
    {
        Kinds = (kinds ?? DefectKinds.All).Distinct().ToArray();
        if (Kinds.Count == 0)
            throw new ArgumentException("At least one defect kind is needed; got none.", nameof(kinds));
        foreach (DefectKind kind in Kinds)
            if (!Enum.IsDefined(kind))
                throw new ArgumentException($"Unknown defect kind {(int)kind}.", nameof(kinds));
        if (!(double.IsFinite(minSize) && minSize > 0))
            throw new ArgumentOutOfRangeException(nameof(minSize), minSize, $"Minimum defect size must be a finite length > 0 mm; got {minSize}.");
        if (!(double.IsFinite(maxSize) && maxSize >= minSize))
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, $"Maximum defect size must be finite and ≥ the minimum {minSize} mm; got {maxSize}.");
        if (!(double.IsFinite(drillHoleDiameter) && drillHoleDiameter > 0))
            throw new ArgumentOutOfRangeException(nameof(drillHoleDiameter), drillHoleDiameter, $"Drill hole diameter must be a finite length > 0 mm; got {drillHoleDiameter}.");
        if (!(maxSkullFraction > 0 && maxSkullFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(maxSkullFraction), maxSkullFraction, $"Maximum skull fraction must be in (0, 1]; got {maxSkullFraction}.");
        if (!(double.IsFinite(minImplantVolume) && minImplantVolume >= 0))
            throw new ArgumentOutOfRangeException(nameof(minImplantVolume), minImplantVolume, $"Minimum implant volume must be finite and ≥ 0 mm³; got {minImplantVolume}.");
        if (!(double.IsFinite(maxFragmentVolume) && maxFragmentVolume >= 0))
            throw new ArgumentOutOfRangeException(nameof(maxFragmentVolume), maxFragmentVolume, $"Maximum fragment volume must be finite and ≥ 0 mm³; got {maxFragmentVolume}.");
        if (maxAttempts is < 1 or > 10_000)
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, $"Maximum attempts must be 1…10,000; got {maxAttempts}.");
        if (!(double.IsFinite(clinicalGap) && clinicalGap >= 0))
            throw new ArgumentOutOfRangeException(nameof(clinicalGap), clinicalGap, $"Clinical gap must be a finite length ≥ 0 mm; got {clinicalGap}.");
        MinSize = minSize;
        MaxSize = maxSize;
        DrillHoleDiameter = drillHoleDiameter;
        MaxSkullFraction = maxSkullFraction;
        MinImplantVolume = minImplantVolume;
        MaxFragmentVolume = maxFragmentVolume;
        MaxAttempts = maxAttempts;
        ClinicalGap = clinicalGap;
    }

    /// <summary>The defaults.</summary>
    public static DefectOptions Default { get; } = new();

    /// <summary>Kinds drawn with equal probability.</summary>
    public IReadOnlyList<DefectKind> Kinds { get; }

    /// <summary>Smallest defect size in mm.</summary>
    public double MinSize { get; }

    /// <summary>Largest defect size in mm.</summary>
    public double MaxSize { get; }

    /// <summary>Drill hole diameter in mm.</summary>
    public double DrillHoleDiameter { get; }

    /// <summary>Largest share of the bone volume a defect may remove.</summary>
    public double MaxSkullFraction { get; }

    /// <summary>Smallest removed bone volume in mm³.</summary>
    public double MinImplantVolume { get; }

    /// <summary>Largest cut-off bone piece in mm³.</summary>
    public double MaxFragmentVolume { get; }

    /// <summary>Placements tried before failing.</summary>
    public int MaxAttempts { get; }

    /// <summary>Clearance in mm between the implant and the defect border; 0 for none.</summary>
    public double ClinicalGap { get; }
}
