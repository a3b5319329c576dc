namespace Cranio.Web;

/// <summary>
/// What a finished job produced. File names are relative to the job's output folder; a missing output is null.
/// Meshes are STL in LPS millimetres; masks and the CT are NRRD on the input's grid.
/// </summary>
/// <param name="SkullMask">The skull mask.</param>
/// <param name="SkullStl">The skull surface.</param>
/// <param name="ImplantMask">The implant mask, or null when the processor designs none.</param>
/// <param name="ImplantStl">The implant surface, or null.</param>
/// <param name="ReportHtml">The HTML report, or null.</param>
/// <param name="ReportJson">The JSON report, or null.</param>
/// <param name="Ct">The input CT as NRRD for the viewer, or null when the input was a skull mask.</param>
/// <param name="DefectAreasCm2">Area of each defect found, in cm².</param>
/// <param name="ImplantVolumeCm3">Volume of the implant in cm³, or null.</param>
/// <param name="Seconds">Wall-clock time of the job in seconds.</param>
public sealed record CaseResults(
    string SkullMask,
    string SkullStl,
    string? ImplantMask,
    string? ImplantStl,
    string? ReportHtml,
    string? ReportJson,
    string? Ct,
    IReadOnlyList<double> DefectAreasCm2,
    double? ImplantVolumeCm3,
    double Seconds)
{
    /// <summary>All files named by these results.</summary>
    public IEnumerable<string> Files() =>
        new[] { SkullMask, SkullStl, ImplantMask, ImplantStl, ReportHtml, ReportJson, Ct }.OfType<string>();
}
