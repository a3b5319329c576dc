using Cranio.Filters;

namespace Cranio.Segmentation;

/// <summary>
/// Settings of <see cref="SkullExtractor"/>, after the Graz pipeline (Li et al.): bone is HU ≥ 150, the
/// largest connected component is the skull, then optional median smoothing and hole filling.
/// </summary>
public sealed record SkullExtractionOptions
{
    /// <summary>Creates validated options.</summary>
    /// <param name="lowerHu">Smallest value counted as bone, HU (default 150).</param>
    /// <param name="upperHu">Largest value counted as bone, HU (default +∞: no upper bound; metal may need one).</param>
    /// <param name="keepLargestComponent">Keep only the largest connected component: drops the CT table or
    /// head-rest and isolated calcifications (default true).</param>
    /// <param name="connectivity">Connectivity of the component step: 6, 18 or 26 (default 26).</param>
    /// <param name="smoothRadiusMm">Radius of the majority (median) smoothing in mm; 0 switches it off (default 0;
    /// the papers use 2 mm).</param>
    /// <param name="fillCavities">Fill background cavities enclosed in bone (default false).</param>
    /// <param name="fillHolesAreaMm2">Fill perforations of thin bone up to this cross-section in mm²; 0 switches
    /// it off (default 0). Openings wider than that, such as a craniotomy, stay open.</param>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and what was given.</exception>
    public SkullExtractionOptions(
        double lowerHu = 150,
        double upperHu = double.PositiveInfinity,
        bool keepLargestComponent = true,
        int connectivity = 26,
        double smoothRadiusMm = 0,
        bool fillCavities = false,
        double fillHolesAreaMm2 = 0)
    {
        if (!double.IsFinite(lowerHu)) throw new ArgumentException($"The lower threshold must be a finite HU value; got {lowerHu}.", nameof(lowerHu));
        if (double.IsNaN(upperHu) || upperHu < lowerHu) throw new ArgumentException($"The upper threshold must be ≥ the lower ({lowerHu} HU); got {upperHu}.", nameof(upperHu));
        Filters.Connectivity.Validate(connectivity);
        if (!double.IsFinite(smoothRadiusMm) || smoothRadiusMm < 0) throw new ArgumentException($"The smoothing radius must be ≥ 0 mm; got {smoothRadiusMm}.", nameof(smoothRadiusMm));
        if (!double.IsFinite(fillHolesAreaMm2) || fillHolesAreaMm2 < 0) throw new ArgumentException($"The hole area must be ≥ 0 mm²; got {fillHolesAreaMm2}.", nameof(fillHolesAreaMm2));
        LowerHu = lowerHu;
        UpperHu = upperHu;
        KeepLargestComponent = keepLargestComponent;
        Connectivity = connectivity;
        SmoothRadiusMm = smoothRadiusMm;
        FillCavities = fillCavities;
        FillHolesAreaMm2 = fillHolesAreaMm2;
    }

    /// <summary>The defaults: HU ≥ 150, largest 26-connected component, no smoothing, no hole filling.</summary>
    public static SkullExtractionOptions Default { get; } = new();

    /// <summary>Smallest value counted as bone, HU.</summary>
    public double LowerHu { get; }

    /// <summary>Largest value counted as bone, HU.</summary>
    public double UpperHu { get; }

    /// <summary>Whether only the largest connected component is kept.</summary>
    public bool KeepLargestComponent { get; }

    /// <summary>Connectivity of the component step: 6, 18 or 26.</summary>
    public int Connectivity { get; }

    /// <summary>Majority smoothing radius in mm; 0 = off.</summary>
    public double SmoothRadiusMm { get; }

    /// <summary>Whether enclosed cavities are filled.</summary>
    public bool FillCavities { get; }

    /// <summary>Largest perforation filled, mm²; 0 = off.</summary>
    public double FillHolesAreaMm2 { get; }
}
