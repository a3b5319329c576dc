using System.Globalization;
using Cranio.Design;

namespace Cranio.Web;

/// <summary>
/// The design parameters of one job, validated in the constructor: the implant designer, the clinical gap between
/// implant and defect border, and the mesh smoothing. Surgeons run the defaults; engineers may change them.
/// </summary>
public sealed record DesignParameters
{
    /// <summary>The designers a job may use (<see cref="ImplantDesigners.Names"/>).</summary>
    public static IReadOnlyList<string> Methods => ImplantDesigners.Names;

    /// <summary>The defaults: spherical designer, no clinical gap, 10 smoothing iterations.</summary>
    public static DesignParameters Default { get; } = new();

    /// <summary>Creates validated parameters.</summary>
    /// <param name="method">One of <see cref="Methods"/> (spherical-map, learned, mirror, coarse network); default "spherical".</param>
    /// <param name="clinicalGapMm">Gap left between implant and defect border in mm, 0–5 (default 0).</param>
    /// <param name="smoothingIterations">Taubin smoothing iterations of the meshes, 0–100 (default 10).</param>
    public DesignParameters(string method = "spherical", double clinicalGapMm = 0, int smoothingIterations = 10)
    {
        if (!Methods.Contains(method)) throw new ArgumentException($"Method must be one of {string.Join(", ", Methods)}; got \"{method}\".", nameof(method));
        if (!(clinicalGapMm >= 0 && clinicalGapMm <= 5)) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Clinical gap must be 0–5 mm; got {clinicalGapMm}."), nameof(clinicalGapMm));
        if (smoothingIterations is < 0 or > 100) throw new ArgumentException($"Smoothing must be 0–100 iterations; got {smoothingIterations}.", nameof(smoothingIterations));
        Method = method;
        ClinicalGapMm = clinicalGapMm;
        SmoothingIterations = smoothingIterations;
    }

    /// <summary>The implant designer.</summary>
    public string Method { get; }

    /// <summary>Gap between implant and defect border in mm.</summary>
    public double ClinicalGapMm { get; }

    /// <summary>Taubin smoothing iterations of the meshes.</summary>
    public int SmoothingIterations { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Method}, gap {ClinicalGapMm:0.##} mm, smoothing {SmoothingIterations}");
}
