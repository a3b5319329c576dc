using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// How the <see cref="LearnedDesigner"/> combines its full-resolution shape prior with the network's implant
/// probabilities p (made on a coarser working grid and resampled trilinearly onto the input grid): the network only
/// corrects the prior where it is confident, and the prior's own full-resolution voxels are kept everywhere else.
/// With threshold t and margin m, a voxel inside the network's box is
/// <list type="bullet">
/// <item>a prior voxel: kept unless p &lt; t − m (the network is confident it is not implant);</item>
/// <item>not a prior voxel: added only where p ≥ t + m (the network is confident it is implant);</item>
/// <item>within <c>priorBandMm</c> of the defective skull (distance between voxel centres, mm), where the coarse
/// working grid rounds the border: a prior voxel is dropped only where p &lt; t − m_b (the network is nearly sure;
/// m_b = <c>bandMargin</c> ≥ m), and no voxel is added; without m_b the prior's value, whatever p.</item>
/// </list>
/// Outside the box the prior is kept. The result is then cut by the skull and only its 26-connected components with
/// a voxel in the prior are kept. m = 0 and no band is the plain rule p ≥ t; m = min(t, 1 − t) (with p &lt; 1) gives the
/// prior back.
/// </summary>
public static class ConfidentCorrection
{
    /// <summary>The corrected implant on the grid of <paramref name="prior"/> (and <paramref name="skull"/>).</summary>
    /// <param name="prior">The shape prior, a 0/1 mask on the input grid.</param>
    /// <param name="probabilities">The network's implant probabilities on <c>Cropping.CropGrid(prior.Grid, box)</c>.</param>
    /// <param name="box">The box of the input grid that <paramref name="probabilities"/> covers.</param>
    /// <param name="skull">The defective skull on the input grid.</param>
    /// <param name="threshold">t, strictly between 0 and 1.</param>
    /// <param name="margin">m, in [0, min(t, 1 − t)].</param>
    /// <param name="priorBandMm">Width (mm, ≥ 0) of the band around the skull where the prior is only thinned; 0 = no band.</param>
    /// <param name="bandMargin">m_b in [m, t]: within the band a prior voxel is dropped where p &lt; t − m_b; null = never (the prior kept as it is).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="GridMismatchException">The volumes' grids do not match.</exception>
    public static Volume<byte> Apply(Volume<byte> prior, Volume<float> probabilities, VoxelBox box, Volume<byte> skull,
        double threshold, double margin, double priorBandMm = 0, double? bandMargin = null)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(skull);
        Validate(threshold, margin, priorBandMm, bandMargin);
        prior.Grid.EnsureSameAs(skull.Grid, "prior", "skull");
        probabilities.Grid.EnsureSameAs(Cropping.CropGrid(prior.Grid, box), "probabilities", "prior's box");
        Volume<byte> priorCrop = Cropping.Crop(prior, box);
        Volume<float>? distance = priorBandMm > 0 ? DistanceTransform.DistanceToForeground(Cropping.Crop(skull, box)) : null;
        var mask = prior.Clone();
        byte[] m = mask.Data, q = priorCrop.Data;
        float[] p = probabilities.Data;
        float[]? d = distance?.Data;
        float drop = (float)(threshold - margin), add = (float)(threshold + margin), band = (float)priorBandMm;
        float bandDrop = bandMargin is double mb ? (float)(threshold - mb) : float.NegativeInfinity;
        Grid full = prior.Grid, crop = probabilities.Grid;
        Parallel.For(0, crop.SizeZ, z =>
        {
            for (int y = 0; y < crop.SizeY; y++)
            {
                int c = (z * crop.SizeY + y) * crop.SizeX;
                long f = ((long)(z + box.MinZ) * full.SizeY + y + box.MinY) * full.SizeX + box.MinX;
                for (int x = 0; x < crop.SizeX; x++, c++, f++)
                {
                    if (d is not null && d[c] <= band)
                        m[f] = (byte)(q[c] != 0 && p[c] >= bandDrop ? 1 : 0);
                    else
                        m[f] = q[c] != 0 ? (byte)(p[c] >= drop ? 1 : 0) : (byte)(p[c] >= add ? 1 : 0);
                }
            }
        });
        return LearnedDesigner.Refine(mask, skull, prior);
    }

    /// <summary>Checks threshold t ∈ (0, 1), margin m ∈ [0, min(t, 1 − t)], band width ≥ 0 (finite) and band margin m_b ∈ [m, t].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    internal static void Validate(double threshold, double margin, double priorBandMm, double? bandMargin)
    {
        if (!(threshold > 0 && threshold < 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"Threshold must be a probability strictly between 0 and 1; got {threshold}.");
        if (!(margin >= 0 && margin <= Math.Min(threshold, 1 - threshold)))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"Margin must be in [0, {Math.Min(threshold, 1 - threshold)}] for threshold {threshold}; got {margin}.");
        if (!(priorBandMm >= 0) || !double.IsFinite(priorBandMm))
            throw new ArgumentOutOfRangeException(nameof(priorBandMm), priorBandMm, $"Prior band width must be finite and ≥ 0 mm; got {priorBandMm}.");
        if (bandMargin is double mb && !(mb >= margin && mb <= threshold))
            throw new ArgumentOutOfRangeException(nameof(bandMargin), mb, $"Band margin must be in [{margin}, {threshold}] (the margin up to the threshold); got {mb}.");
    }
}
