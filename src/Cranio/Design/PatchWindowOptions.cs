using Cranio.Learning;
using System.Globalization;

namespace Cranio.Design;

/// <summary>
/// Where and how finely the learned designer looks: the bounding box of the shape prior (the spherical-map implant)
/// grown by <see cref="MarginMm"/>, resampled to an isotropic working grid of spacing
/// s = max(<see cref="SpacingMm"/>, longest box side / <see cref="MaxSize"/>) with every size a multiple of 8 and at most
/// <see cref="MaxSize"/>; masks are brought onto it by <see cref="Sampling"/>. Validated on construction.
/// </summary>
public sealed record PatchWindowOptions
{
    /// <summary>Creates validated options.</summary>
    /// <param name="marginMm">Margin around the prior's bounding box in mm (finite, ≥ 0; default 10).</param>
    /// <param name="spacingMm">Finest working spacing in mm (finite, &gt; 0; default 1).</param>
    /// <param name="maxSize">Largest working size in voxels per axis (a multiple of 8, ≥ 8; default 128).</param>
    /// <param name="sampling">How masks reach the working grid (default <see cref="WorkingGridSampling.Trilinear"/>).</param>
    public PatchWindowOptions(double marginMm = 10, double spacingMm = 1.0, int maxSize = 128,
        WorkingGridSampling sampling = WorkingGridSampling.Trilinear)
    {
        if (!double.IsFinite(marginMm) || marginMm < 0)
            throw new ArgumentOutOfRangeException(nameof(marginMm), marginMm, $"Margin must be a finite number of mm ≥ 0; got {marginMm}.");
        if (!double.IsFinite(spacingMm) || spacingMm <= 0)
            throw new ArgumentOutOfRangeException(nameof(spacingMm), spacingMm, $"Working spacing must be a finite number of mm > 0; got {spacingMm}.");
        if (maxSize < 8 || maxSize % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, $"Maximum working size must be a multiple of 8 and at least 8 voxels; got {maxSize}.");
        if (!Enum.IsDefined(sampling))
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling, $"Unknown working-grid sampling {sampling}.");
        (MarginMm, SpacingMm, MaxSize, Sampling) = (marginMm, spacingMm, maxSize, sampling);
    }

    /// <summary>Default options: 10 mm margin, 1 mm finest spacing, at most 128 voxels per axis, trilinear sampling.</summary>
    public static PatchWindowOptions Default { get; } = new();

    /// <summary>Margin around the prior's bounding box in mm.</summary>
    public double MarginMm { get; }

    /// <summary>Finest working spacing in mm.</summary>
    public double SpacingMm { get; }

    /// <summary>Largest working size in voxels per axis.</summary>
    public int MaxSize { get; }

    /// <summary>How masks reach the working grid.</summary>
    public WorkingGridSampling Sampling { get; }

    private const string SamplingKey = "window_sampling";

    /// <summary>The name of <paramref name="sampling"/> in metadata and on the command line: "trilinear" or "area-average".</summary>
    public static string SamplingName(WorkingGridSampling sampling) => sampling == WorkingGridSampling.AreaAverage ? "area-average" : "trilinear";

    /// <summary>The sampling named <paramref name="name"/> (<see cref="SamplingName"/>); false for any other text.</summary>
    public static bool TryParseSampling(string? name, out WorkingGridSampling sampling)
    {
        foreach (var candidate in Enum.GetValues<WorkingGridSampling>())
            if (SamplingName(candidate) == name)
            {
                sampling = candidate;
                return true;
            }
        sampling = default;
        return false;
    }

    /// <summary>
    /// The options as checkpoint metadata (keys "window_margin_mm", "window_spacing_mm", "window_max_size",
    /// "window_sampling": "trilinear" or "area-average").
    /// </summary>
    public Dictionary<string, string> ToMetadata() => new(StringComparer.Ordinal)
    {
        ["window_margin_mm"] = MarginMm.ToString("R", CultureInfo.InvariantCulture),
        ["window_spacing_mm"] = SpacingMm.ToString("R", CultureInfo.InvariantCulture),
        ["window_max_size"] = MaxSize.ToString(CultureInfo.InvariantCulture),
        [SamplingKey] = SamplingName(Sampling),
    };

    /// <summary>
    /// Options from checkpoint metadata written by <see cref="ToMetadata"/>. Without "window_sampling" (files written
    /// before the key existed) the sampling is <see cref="WorkingGridSampling.Trilinear"/>, as those networks were trained.
    /// </summary>
    /// <exception cref="ArgumentException">A key is missing, not a number, or names no sampling.</exception>
    public static PatchWindowOptions FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var sampling = WorkingGridSampling.Trilinear;
        if (metadata.TryGetValue(SamplingKey, out var name) && !TryParseSampling(name, out sampling))
            throw new ArgumentException($"Checkpoint metadata '{SamplingKey}' must be 'trilinear' or 'area-average'; found '{name}'.", nameof(metadata));
        return new PatchWindowOptions(CheckpointMetadata.Number(metadata, "window_margin_mm"), CheckpointMetadata.Number(metadata, "window_spacing_mm"),
            CheckpointMetadata.Integer(metadata, "window_max_size"), sampling);
    }
}
