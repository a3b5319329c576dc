using System.Text;
using Microsoft.AspNetCore.Http;
using static Cranio.Web.PageLayout;

namespace Cranio.Web;

/// <summary>
/// One case: its input, its jobs (design versions) with live progress, results and downloads, the 3D viewer of the
/// selected version (optionally with a second version's implant to compare), and for engineers the re-run form.
/// </summary>
internal static class CasePage
{
    public static IResult Render(HttpContext ctx, CaseRecord c, List<JobRecord> jobs, long? selected, long? compare, string? message, int status = StatusCodes.Status200OK)
    {
        UserAccount user = User(ctx);
        JobRecord? shown = jobs.FirstOrDefault(j => j.Id == selected && j.Results is not null) ?? jobs.LastOrDefault(j => j.Results is not null);
        JobRecord? other = jobs.FirstOrDefault(j => j.Id == compare && j.Results is not null && j.Id != shown?.Id);
        var body = new StringBuilder();
        body.Append($"<h1>{E(c.Name)}</h1><p class=\"muted\">Input: {E(c.InputName)} — {E(c.Summary)}. Uploaded {E(c.Created[..16].Replace('T', ' '))} UTC.</p>");
        if (message is not null) body.Append($"<p class=\"error\">{E(message)}</p>");
        body.Append($"<section id=\"jobs\" data-case=\"{E(c.Id)}\"><h2>Design versions</h2><table><thead><tr><th>Version</th><th>Parameters</th><th>Status</th>")
            .Append("<th>Defect area</th><th>Implant volume</th><th>Downloads</th><th></th></tr></thead><tbody>");
        foreach (var j in jobs.AsEnumerable().Reverse()) body.Append(Row(c, j, shown));
        body.Append("</tbody></table></section>");
        if (shown is { Results: { } r })
        {
            string Url(JobRecord j, string? file) => file is null ? "" : $"/cases/{c.Id}/jobs/{j.Id}/view/{file}";
            body.Append("<section class=\"viewer\"><div class=\"canvas\">");
            body.Append($"<canvas id=\"viewer\" width=\"900\" height=\"700\" data-ct=\"{E(Url(shown, r.Ct))}\" data-skull-mask=\"{E(Url(shown, r.SkullMask))}\" ")
                .Append($"data-implant-mask=\"{E(Url(shown, r.ImplantMask))}\" data-skull-stl=\"{E(Url(shown, r.SkullStl))}\" data-implant-stl=\"{E(Url(shown, r.ImplantStl))}\" ")
                .Append($"data-compare-stl=\"{E(other is { Results: { } o } ? Url(other, o.ImplantStl) : "")}\"></canvas></div>");
            body.Append($"<aside><h2>Version {shown.Id}</h2><p>{E(shown.Parameters.ToString())}</p>{Measures(r)}");
            body.Append("<p class=\"legend\"><span class=\"swatch skull\"></span>skull <span class=\"swatch implant\"></span>implant");
            if (other is { Results: { } or }) body.Append($" <span class=\"swatch compare\"></span>implant of version {other.Id}</p>{Measures(or)}");
            else body.Append("</p>");
            body.Append("<p class=\"muted\">Slices: CT with the skull (red) and implant (green) masks. Drag to rotate the 3D view; scroll to move through slices.</p>");
            body.Append("<p id=\"viewer-status\" class=\"muted\">Loading the 3D view…</p></aside></section>");
        }
        if (user.Role == UserRole.Engineer)
        {
            var p = shown?.Parameters ?? DesignParameters.Default;
            body.Append($"""
                <form method="post" action="/cases/{E(c.Id)}/jobs" class="card" id="rerun">
                  {Token(ctx)}
                  <h2>Re-run the design</h2>
                  <label>Method <select name="method">{string.Concat(DesignParameters.Methods.Select(m => $"<option{(m == p.Method ? " selected" : "")}>{E(m)}</option>"))}</select></label>
                  <label>Clinical gap (mm) <input name="gap" type="number" min="0" max="5" step="0.1" value="{Num(p.ClinicalGapMm, "0.##")}"></label>
                  <label>Smoothing (iterations) <input name="smoothing" type="number" min="0" max="100" step="1" value="{p.SmoothingIterations}"></label>
                  <button type="submit">Queue a new version</button>
                </form>
                """);
        }
        var scripts = new List<string> { "/static/case.js" };
        if (shown is not null) scripts.Add("/static/viewer.js");
        return Page(ctx, c.Name, body.ToString(), status, [.. scripts]);
    }

    private static string Measures(CaseResults r)
    {
        string areas = r.DefectAreasCm2.Count == 0 ? "none found" : string.Join(", ", r.DefectAreasCm2.Select(a => Num(a, "0.0") + " cm²"));
        string volume = r.ImplantVolumeCm3 is { } v ? Num(v, "0.0") + " cm³" : "—";
        return $"<dl class=\"measures\"><dt>Defect area</dt><dd class=\"defect-area\">{E(areas)}</dd><dt>Implant volume</dt><dd class=\"implant-volume\">{E(volume)}</dd></dl>";
    }

    private static string Row(CaseRecord c, JobRecord j, JobRecord? shown)
    {
        string state = j.Status switch
        {
            JobStatus.Queued => "queued",
            JobStatus.Running => $"<progress max=\"1\" value=\"{Num(j.Fraction, "0.###")}\"></progress> {E(j.Stage)}",
            JobStatus.Done => j.Results is { } done ? $"done in {Num(done.Seconds, "0.0")} s" : "done",
            _ => $"<span class=\"error\">failed: {E(j.Error)}</span>",
        };
        string downloads = "", links = "";
        if (j.Results is { } res2)
        {
            string Link(string? file, string label) => file is null ? "" : $"<a href=\"/cases/{E(c.Id)}/jobs/{j.Id}/files/{E(file)}\" download>{E(label)}</a> ";
            static string? Nifti(string? nrrd) => nrrd is not null && nrrd.EndsWith(".nrrd", StringComparison.Ordinal) ? nrrd[..^".nrrd".Length] + ".nii.gz" : null;
            downloads = Link(res2.ImplantStl, "implant STL") + Link(res2.ImplantMask, "implant mask (NRRD)") + Link(Nifti(res2.ImplantMask), "implant mask (NIfTI)")
                + Link(res2.SkullStl, "skull STL") + Link(res2.SkullMask, "skull mask") + Link(res2.ReportHtml, "report");
            links = j.Id == shown?.Id ? "shown" : $"<a href=\"/cases/{E(c.Id)}?job={j.Id}\">view</a>" + (shown is null ? "" : $" · <a href=\"/cases/{E(c.Id)}?job={shown.Id}&amp;compare={j.Id}\">compare</a>");
        }
        string area = j.Results is { } a ? (a.DefectAreasCm2.Count == 0 ? "—" : string.Join(", ", a.DefectAreasCm2.Select(x => Num(x, "0.0") + " cm²"))) : "";
        string volume = j.Results?.ImplantVolumeCm3 is { } v ? Num(v, "0.0") + " cm³" : "";
        return $"<tr data-job=\"{j.Id}\" data-status=\"{j.Status}\"><td>v{j.Id}</td><td>{E(j.Parameters.ToString())}</td><td class=\"state\">{state}</td><td>{E(area)}</td><td>{E(volume)}</td><td>{downloads}</td><td>{links}</td></tr>";
    }
}
