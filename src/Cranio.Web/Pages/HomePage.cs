using System.Text;
using Microsoft.AspNetCore.Http;
using static Cranio.Web.PageLayout;

namespace Cranio.Web;

/// <summary>The signed-in user's cases and the upload form.</summary>
internal static class HomePage
{
    public static IResult Render(HttpContext ctx, List<CaseRecord> cases, long maxUploadBytes, string? error, int status)
    {
        var body = new StringBuilder();
        body.Append("<h1>Cases</h1>");
        if (error is not null) body.Append($"<p class=\"error\" id=\"upload-error\">{E(error)}</p>");
        body.Append($"""
            <form method="post" action="/cases" enctype="multipart/form-data" class="card" id="upload">
              {Token(ctx)}
              <h2>New case</h2>
              <label>Name <input name="name" placeholder="e.g. patient pseudonym"></label>
              <label>CT or skull mask <input type="file" name="file" required accept=".nrrd,.nhdr,.nii,.gz,.zip"></label>
              <p class="muted">A head CT as NRRD or NIfTI, a DICOM series as one .zip, or a skull mask (0/1). At most {E(Bytes(maxUploadBytes))}.
              Files stay on this server.</p>
              <button type="submit">Upload and design</button>
            </form>
            """);
        if (cases.Count == 0) body.Append("<p class=\"muted\">No cases yet.</p>");
        else
        {
            body.Append("<table class=\"cases\"><thead><tr><th>Name</th><th>Input</th><th>Uploaded (UTC)</th></tr></thead><tbody>");
            foreach (var c in cases)
                body.Append($"<tr><td><a href=\"/cases/{E(c.Id)}\">{E(c.Name)}</a></td><td>{E(c.InputName)} — {E(c.Summary)}</td><td>{E(c.Created[..16].Replace('T', ' '))}</td></tr>");
            body.Append("</tbody></table>");
        }
        return Page(ctx, "Cases", body.ToString(), status);
    }
}
