using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// One complete skull as a <see cref="SkullShapeModel"/> sees it: the inner and outer bone radius (mm) along each
/// direction of an icosphere, cast from the skull's own vault centre (<see cref="VaultCentre"/>,
/// <see cref="RadialBoneProfile"/>); NaN where a ray meets no bone. Casting is the slow part of building a model
/// (about 2 s per SkullFix skull), so models built from overlapping sets of skulls can share the casts.
/// </summary>
public sealed class SkullRadii
{
    private SkullRadii(int subdivision, double[] inner, double[] outer) => (Subdivision, Inner, Outer) = (subdivision, inner, outer);

    /// <summary>The icosphere level of the directions.</summary>
    public int Subdivision { get; }

    /// <summary>Inner radius per direction (mm), NaN without bone.</summary>
    public IReadOnlyList<double> Inner { get; }

    /// <summary>Outer radius per direction (mm), NaN without bone.</summary>
    public IReadOnlyList<double> Outer { get; }

    /// <summary>Casts <paramref name="completeSkull"/> along the directions of icosphere level <paramref name="subdivision"/>.</summary>
    /// <param name="completeSkull">A complete skull mask (any grid).</param>
    /// <param name="subdivision">Icosphere level (3…7).</param>
    /// <param name="bridgedGapMm">Background gaps up to this length inside bone along a ray are bridged (mm, ≥ 0).</param>
    /// <exception cref="ArgumentException">The mask is empty or not a mask, or a setting is out of range.</exception>
    public static SkullRadii Cast(Volume<byte> completeSkull, int subdivision, double bridgedGapMm)
    {
        if (subdivision is < 3 or > 7) throw new ArgumentOutOfRangeException(nameof(subdivision), subdivision, "The model's subdivision must be 3…7.");
        SkullMaskValidation.Validate(completeSkull);
        Icosphere mesh = Icosphere.Create(subdivision);
        (Vec3 centre, _) = VaultCentre.Estimate(completeSkull, bridgedGapMm);
        RadialBoneProfile profile = RadialBoneProfile.Cast(completeSkull, centre, mesh.Vertices, bridgedGapMm);
        return new SkullRadii(subdivision, profile.Inner.Select(r => (double)r).ToArray(), profile.Outer.Select(r => (double)r).ToArray());
    }
}
