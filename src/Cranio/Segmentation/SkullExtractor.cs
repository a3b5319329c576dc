using System.Diagnostics;
using System.Globalization;
using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Segmentation;

/// <summary>
/// Extracts the skull from a head CT in Hounsfield units: threshold → largest connected component →
/// optional majority smoothing → optional hole filling (Li et al., "Synthetic skull bone defects…"). The mask is
/// on the CT's grid; the steps and their parameters are recorded in its <see cref="Volume.Metadata"/> under
/// <c>cranio.segmentation</c> and in the returned report.
/// </summary>
public sealed class SkullExtractor(SkullExtractionOptions options)
{
    /// <summary>The settings.</summary>
    public SkullExtractionOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Extracts the skull mask from <paramref name="ct"/> (any voxel type, values in HU).</summary>
    /// <param name="ct">The CT.</param>
    /// <param name="progress">Receives the fraction done, 0…1.</param>
    public (Volume<byte> Mask, SkullExtractionReport Report) Extract(Volume ct, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var clock = Stopwatch.StartNew();
        var steps = new List<string>();
        var o = Options;
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

        Volume<byte> mask = ct.ToMask(o.LowerHu, o.UpperHu);
        long thresholdVoxels = mask.CountNonZero();
        steps.Add(double.IsPositiveInfinity(o.UpperHu) ? $"threshold ≥ {F(o.LowerHu)} HU" : $"threshold {F(o.LowerHu)}…{F(o.UpperHu)} HU");
        progress?.Report(0.2);

        int found = 0, dropped = 0;
        long droppedVoxels = 0;
        if (o.KeepLargestComponent)
        {
            ComponentLabels components = ConnectedComponents.Label(mask, o.Connectivity);
            found = components.Count;
            int largest = components.LargestLabel;
            dropped = Math.Max(0, found - 1);
            droppedVoxels = largest == 0 ? 0 : thresholdVoxels - components.VoxelCounts[largest];
            mask = components.Select(label => label == largest);
            steps.Add($"largest {o.Connectivity}-connected component of {found}");
        }
        progress?.Report(0.5);

        if (o.SmoothRadiusMm > 0)
        {
            mask = MajorityFilter.Smooth(mask, o.SmoothRadiusMm);
            steps.Add($"majority smoothing, radius {F(o.SmoothRadiusMm)} mm");
        }
        progress?.Report(0.75);
        if (o.FillCavities)
        {
            mask = HoleFilling.FillCavities(mask);
            steps.Add("enclosed cavities filled");
        }
        if (o.FillHolesAreaMm2 > 0)
        {
            mask = HoleFilling.FillSmallHoles(mask, o.FillHolesAreaMm2);
            steps.Add($"holes up to {F(o.FillHolesAreaMm2)} mm² filled");
        }
        progress?.Report(1);

        mask.Metadata.Clear();
        mask.Metadata["cranio.segmentation"] = string.Join("; ", steps);
        long skull = mask.CountNonZero();
        var report = new SkullExtractionReport(steps, thresholdVoxels, found, dropped, droppedVoxels, skull,
            skull * ct.Grid.VoxelVolume / 1000.0, clock.Elapsed.TotalSeconds);
        return (mask, report);
    }
}
