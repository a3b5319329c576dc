using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Cranio.Evaluation;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Pipeline;

/// <summary>Writes the report of a pipeline run as JSON (for programs) and as one self-contained HTML page (for people).</summary>
public static class PipelineReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes <see cref="PipelineResult.ReportJsonPath"/> and <see cref="PipelineResult.ReportHtmlPath"/>.</summary>
    public static void Write(PipelineResult result, string input, Volume<byte> skull, Volume<byte> implant)
    {
        Grid g = skull.Grid;
        var report = new
        {
            input,
            method = result.Design.Designer,
            grid = new
            {
                sizes = new[] { g.SizeX, g.SizeY, g.SizeZ },
                spacing_mm = new[] { g.Spacing.X, g.Spacing.Y, g.Spacing.Z },
                origin_mm_lps = new[] { g.Origin.X, g.Origin.Y, g.Origin.Z },
                direction_rows = Enumerable.Range(0, 3).Select(r => new[] { g.Direction[r, 0], g.Direction[r, 1], g.Direction[r, 2] }).ToArray(),
            },
            skull_extraction = result.Extraction is null ? null : new
            {
                steps = result.Extraction.Steps,
                components_dropped = result.Extraction.ComponentsDropped,
                skull_volume_cm3 = result.Extraction.SkullVolumeCm3,
            },
            defects = result.Design.Defects.Select(d => new
            {
                index = d.Index,
                opening_area_cm2 = d.OpeningAreaCm2,
                centre_mm_lps = new[] { d.Centre.X, d.Centre.Y, d.Centre.Z },
                reaches_below_vault_centre = d.ReachesBelowVaultCentre,
            }).ToArray(),
            total_opening_area_cm2 = result.Design.TotalOpeningAreaCm2,
            implant_volume_cm3 = result.Design.ImplantVolumeCm3,
            implant_mesh = new { triangles = result.ImplantMeshTriangles, closed = result.ImplantMeshClosed },
            skull_mesh = new { triangles = result.SkullMeshTriangles },
            warnings = result.Design.Warnings,
            timings_s = result.Timings.Concat(result.Design.Timings.Select(t => t with { Stage = "design: " + t.Stage }))
                .ToDictionary(t => t.Stage, t => Math.Round(t.Elapsed.TotalSeconds, 3)),
            files = new
            {
                ct = result.CtPath is null ? null : Path.GetFileName(result.CtPath),
                skull = Path.GetFileName(result.SkullMaskPath),
                skull_stl = Path.GetFileName(result.SkullStlPath),
                implant = Path.GetFileName(result.ImplantMaskPath),
                implant_stl = Path.GetFileName(result.ImplantStlPath),
            },
        };
        AtomicFile.WriteAllText(result.ReportJsonPath, JsonSerializer.Serialize(report, Json));
        AtomicFile.WriteAllText(result.ReportHtmlPath, Html(result, input, skull, implant));
    }

    private static string Html(PipelineResult r, string input, Volume<byte> skull, Volume<byte> implant)
    {
        string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);
        string E(string s) => WebUtility.HtmlEncode(s);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cranio implant report</title><style>")
         .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}table{border-collapse:collapse;margin:1em 0}")
         .Append("td,th{border:1px solid #ccc;padding:.3em .7em;text-align:left}th{background:#f4f4f4}.warn{color:#a40}")
         .Append("</style></head><body>");
        h.Append("<h1>Implant design report</h1>");
        h.Append($"<p>Input <code>{E(input)}</code>, method <b>{E(r.Design.Designer)}</b>.</p>");
        h.Append("<table><tr><th>Defects found</th><td>").Append(r.Design.Defects.Count).Append("</td></tr>")
         .Append("<tr><th>Total opening area</th><td>").Append(F(r.Design.TotalOpeningAreaCm2)).Append(" cm²</td></tr>")
         .Append("<tr><th>Implant volume</th><td>").Append(F(r.Design.ImplantVolumeCm3)).Append(" cm³</td></tr>")
         .Append("<tr><th>Implant mesh</th><td>").Append(r.ImplantMeshTriangles.ToString("N0", CultureInfo.InvariantCulture))
         .Append(" triangles, ").Append(r.ImplantMeshClosed ? "closed and manifold (print-ready)" : "<span class=\"warn\">not closed</span>").Append("</td></tr>");
        if (r.Extraction is { } x)
            h.Append("<tr><th>Skull extraction</th><td>").Append(E(string.Join(" → ", x.Steps))).Append("; ").Append(F(x.SkullVolumeCm3, "0.0"))
             .Append(" cm³ kept, ").Append(x.ComponentsDropped).Append(" components dropped</td></tr>");
        h.Append("</table>");
        if (r.Design.Defects.Count > 0)
        {
            h.Append("<h2>Defects</h2><table><tr><th>#</th><th>opening area (cm²)</th><th>centre (LPS mm)</th><th>reaches below the vault centre</th></tr>");
            foreach (var d in r.Design.Defects)
                h.Append("<tr><td>").Append(d.Index + 1).Append("</td><td>").Append(F(d.OpeningAreaCm2)).Append("</td><td>(")
                 .Append(F(d.Centre.X, "0.0")).Append(", ").Append(F(d.Centre.Y, "0.0")).Append(", ").Append(F(d.Centre.Z, "0.0")).Append(")</td><td>")
                 .Append(d.ReachesBelowVaultCentre ? "yes" : "no").Append("</td></tr>");
            h.Append("</table>");
        }
        foreach (string w in r.Design.Warnings) h.Append("<p class=\"warn\">⚠ ").Append(E(w)).Append("</p>");
        if (implant.CountNonZero() > 0)
        {
            CaseSlices slices = SliceRenderer.Render(implant, implant.SameGrid<byte>(), skull);
            h.Append("<h2>Slices through the implant</h2><p>Implant magenta, skull grey; axial, coronal and sagittal planes through the implant's centroid, voxel ")
             .Append($"({slices.Center.X}, {slices.Center.Y}, {slices.Center.Z}).</p><p>");
            foreach (byte[] png in new[] { slices.Axial, slices.Coronal, slices.Sagittal })
                h.Append("<img alt=\"slice\" style=\"margin-right:.5em\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">");
            h.Append("</p>");
        }
        h.Append("<h2>Files</h2><ul>");
        foreach (string? f in new[] { r.CtPath, r.SkullMaskPath, r.SkullStlPath, r.ImplantMaskPath, r.ImplantStlPath })
            if (f is not null) h.Append("<li><a href=\"").Append(E(Path.GetFileName(f))).Append("\">").Append(E(Path.GetFileName(f))).Append("</a></li>");
        h.Append("</ul><p>Meshes are in LPS millimetres, the coordinates of the CT, so they overlay it in any viewer.</p>");
        h.Append("<h2>Timings</h2><table>");
        foreach (var t in r.Timings) h.Append("<tr><th>").Append(E(t.Stage)).Append("</th><td>").Append(F(t.Elapsed.TotalSeconds, "0.0")).Append(" s</td></tr>");
        h.Append("</table>");
        Grid g = skull.Grid;
        h.Append($"<p>Grid {g.SizeX}×{g.SizeY}×{g.SizeZ}, spacing {F(g.Spacing.X, "0.###")}×{F(g.Spacing.Y, "0.###")}×{F(g.Spacing.Z, "0.###")} mm, implant {implant.CountNonZero():N0} voxels.</p>");
        h.Append("</body></html>");
        return h.ToString();
    }
}
