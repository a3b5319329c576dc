using System.Globalization;
using System.Text.Json;
using Cranio.IO;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cranio.Web;

/// <summary>
/// Cases, jobs and files: the case list with the upload form, the upload itself, the case page, re-running the design
/// (engineers), the JSON API, the job event stream the case page listens to, and downloads. Every case is looked up by id and owner, so another
/// user's case answers 404 exactly like a case that does not exist.
/// </summary>
internal static class CaseEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", (HttpContext ctx, CaseStore cases, WebOptions options) =>
            HomePage.Render(ctx, cases.List(PageLayout.User(ctx).Id), options.MaxUploadBytes, null, StatusCodes.Status200OK));

        app.MapPost("/cases", async (HttpContext ctx, CaseStore cases, JobStore jobs, JobRunner runner, WebOptions options) =>
        {
            UserAccount user = PageLayout.User(ctx);
            var form = await ctx.Request.ReadFormAsync();
            IFormFile? file = form.Files["file"];
            IResult Reject(string message) => HomePage.Render(ctx, cases.List(user.Id), options.MaxUploadBytes, message, StatusCodes.Status400BadRequest);
            if (file is null || file.Length == 0) return Reject("Choose a file to upload: a CT (NRRD, NIfTI, or a DICOM folder as .zip) or a skull mask.");
            string id = CaseStore.NewId(), folder = cases.Folder(id);
            string name = form["name"].ToString().Trim();
            if (name.Length == 0) name = Path.GetFileName(file.FileName);
            if (name.Length > 200) name = name[..200];
            try
            {
                var (inputPath, kind, summary) = await Task.Run(() =>
                {
                    using var stream = file.OpenReadStream();
                    return CaseUpload.Store(stream, file.FileName, folder, options.MaxUploadBytes);
                });
                cases.Add(new CaseRecord(id, user.Id, name, Path.GetFileName(file.FileName), inputPath, kind, summary, CranioDatabase.Now()));
            }
            catch (UploadRejectedException e)
            {
                TryDelete(folder);
                return Reject(e.Message);
            }
            catch
            {
                TryDelete(folder);
                throw;
            }
            jobs.Enqueue(id, DesignParameters.Default);
            runner.Notify();
            return Results.Redirect($"/cases/{id}");
        });

        app.MapGet("/cases/{id}", (HttpContext ctx, string id, long? job, long? compare, CaseStore cases, JobStore jobs) =>
            cases.Get(id, PageLayout.User(ctx).Id) is { } c ? CasePage.Render(ctx, c, jobs.ForCase(c.Id), job, compare, null) : Results.NotFound());

        app.MapPost("/cases/{id}/jobs", async (HttpContext ctx, string id, CaseStore cases, JobStore jobs, JobRunner runner, ICaseProcessor processor) =>
        {
            UserAccount user = PageLayout.User(ctx);
            if (cases.Get(id, user.Id) is not { } c) return Results.NotFound();
            if (user.Role != UserRole.Engineer)
                return CasePage.Render(ctx, c, jobs.ForCase(c.Id), null, null, "Only engineers change design parameters.", StatusCodes.Status403Forbidden);
            var form = await ctx.Request.ReadFormAsync();
            DesignParameters parameters;
            try
            {
                parameters = new DesignParameters(form["method"].ToString(),
                    double.Parse(form["gap"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture),
                    int.Parse(form["smoothing"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                string message = e is ArgumentException a ? a.Message.Split(" (Parameter")[0] : "Clinical gap (mm) and smoothing (iterations) must be numbers.";
                return CasePage.Render(ctx, c, jobs.ForCase(c.Id), null, null, message, StatusCodes.Status400BadRequest);
            }
            if (processor.Unsupported(parameters) is { } unsupported)
                return CasePage.Render(ctx, c, jobs.ForCase(c.Id), null, null, unsupported, StatusCodes.Status400BadRequest);
            long jobId = jobs.Enqueue(c.Id, parameters);
            runner.Notify();
            return Results.Redirect($"/cases/{c.Id}?job={jobId}");
        });

        app.MapGet("/api/cases", (HttpContext ctx, CaseStore cases) =>
            Results.Json(cases.List(PageLayout.User(ctx).Id).Select(c => new { c.Id, c.Name, c.InputName, kind = c.Kind.ToString(), c.Summary, c.Created })));

        app.MapGet("/api/cases/{id}/jobs", (HttpContext ctx, string id, CaseStore cases, JobStore jobs) =>
            cases.Get(id, PageLayout.User(ctx).Id) is { } c ? Results.Json(jobs.ForCase(c.Id).Select(j => JobJson(c.Id, j))) : Results.NotFound());

        app.MapGet("/api/cases/{id}/jobs/events", async (HttpContext ctx, string id, CaseStore cases, JobStore jobs) =>
        {
            if (cases.Get(id, PageLayout.User(ctx).Id) is not { } c)
            {
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await JobEvents(ctx, c.Id, jobs);
        });

        app.MapGet("/cases/{id}/jobs/{job:long}/files/{name}", (HttpContext ctx, string id, long job, string name, CaseStore cases, JobStore jobs) =>
            Download(ctx, id, job, name, cases, jobs, forViewer: false));

        app.MapGet("/cases/{id}/jobs/{job:long}/view/{name}", (HttpContext ctx, string id, long job, string name, CaseStore cases, JobStore jobs) =>
            Download(ctx, id, job, name, cases, jobs, forViewer: true));
    }

    /// <summary>A result file of a finished job of the user's case; STL for the viewer is mirrored from LPS to niivue's RAS.</summary>
    private static IResult Download(HttpContext ctx, string id, long jobId, string name, CaseStore cases, JobStore jobs, bool forViewer)
    {
        if (cases.Get(id, PageLayout.User(ctx).Id) is not { } c) return Results.NotFound();
        if (jobs.Get(jobId) is not { CaseId: var caseId, Results: { } results } || caseId != c.Id) return Results.NotFound();
        string folder = JobRunner.JobFolder(cases, c.Id, jobId), path = Path.Combine(folder, name);
        if (!results.Files().Contains(name))
        {
            // A mask is also offered as NIfTI: X.nii.gz is converted from the job's X.nrrd on first request (voxels and geometry unchanged).
            string nrrd = name.EndsWith(".nii.gz", StringComparison.Ordinal) ? name[..^".nii.gz".Length] + ".nrrd" : "";
            if (!results.Files().Contains(nrrd) || nrrd == results.Ct) return Results.NotFound();
            if (!File.Exists(path)) VolumeFile.Write(VolumeFile.Read(Path.Combine(folder, nrrd)), path);
        }
        string type = ContentType(name);
        if (forViewer && name.EndsWith(".stl", StringComparison.OrdinalIgnoreCase))
            return Results.Bytes(StlSpace.LpsToRas(File.ReadAllBytes(path)), type);
        return forViewer ? Results.File(path, type) : Results.File(path, type, $"{c.Name}-v{jobId}-{name}".Replace(' ', '_'));
    }

    /// <summary>How often an idle job event stream sends a comment line, so proxies keep it open (15 s).</summary>
    private static readonly TimeSpan EventHeartbeat = TimeSpan.FromSeconds(15);

    /// <summary>The shortest time between two events of one stream (0.25 s): progress may change far more often.</summary>
    private static readonly TimeSpan EventInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Server-sent events (text/event-stream) of a case's jobs: a "data:" line with the jobs as JSON (as
    /// /api/cases/{id}/jobs gives them) at once and after every change, until no job is queued or running; then the
    /// stream ends (also when the client goes or the server stops). The client closes it too on that last event, so the
    /// browser does not reconnect.
    /// </summary>
    private static async Task JobEvents(HttpContext ctx, string caseId, JobStore jobs)
    {
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        var stopping = ctx.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        CancellationToken aborted = ended.Token;
        string last = "";
        try
        {
            await ctx.Response.WriteAsync("retry: 5000\n\n", aborted);
            while (true)
            {
                Task change = jobs.NextChange;
                List<JobRecord> list = jobs.ForCase(caseId);
                string json = JsonSerializer.Serialize(list.Select(j => JobJson(caseId, j)), JsonSerializerOptions.Web);
                if (json != last) await ctx.Response.WriteAsync($"data: {json}\n\n", aborted);
                last = json;
                await ctx.Response.Body.FlushAsync(aborted);
                if (!list.Any(j => j.Status is JobStatus.Queued or JobStatus.Running)) return;
                await Task.Delay(EventInterval, aborted);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                Task first = await Task.WhenAny(change, Task.Delay(EventHeartbeat, wait.Token));
                await wait.CancelAsync();
                if (first != change) await ctx.Response.WriteAsync(": waiting\n\n", aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
    }

    internal static object JobJson(string caseId, JobRecord j) => new
    {
        j.Id,
        status = j.Status.ToString(),
        j.Stage,
        j.Fraction,
        j.Error,
        j.Attempts,
        parameters = new { j.Parameters.Method, j.Parameters.ClinicalGapMm, j.Parameters.SmoothingIterations },
        results = j.Results is not { } r ? null : new
        {
            r.DefectAreasCm2,
            r.ImplantVolumeCm3,
            r.Seconds,
            files = r.Files().ToDictionary(f => f, f => $"/cases/{caseId}/jobs/{j.Id}/files/{f}"),
        },
    };

    private static string ContentType(string name)
    {
        string n = name.ToLowerInvariant();
        if (n.EndsWith(".html", StringComparison.Ordinal)) return "text/html; charset=utf-8";
        if (n.EndsWith(".json", StringComparison.Ordinal)) return "application/json";
        if (n.EndsWith(".stl", StringComparison.Ordinal)) return "model/stl";
        if (n.EndsWith(".gz", StringComparison.Ordinal)) return "application/gzip";
        return "application/octet-stream";
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
