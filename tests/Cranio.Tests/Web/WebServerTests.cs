using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Phantoms;
using Cranio.Web;

namespace Cranio.Tests.Web;

/// <summary>The HTTP API of <c>cranio serve</c> on a real Kestrel server on 127.0.0.1 with a temporary data folder.</summary>
public sealed class WebServerTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task EveryPageFileAndApiNeedsSignIn()
    {
        await using var server = await WebTestServer.Start(new SkullSurfaceProcessor());
        var alice = await server.SignIn("alice");
        string id = await WebTestServer.UploadPhantom(alice);
        await WebTestServer.WaitForJobs(alice, id, JobTimeout);
        var (anonymous, _) = server.Anonymous();
        foreach (string page in new[] { "/", $"/cases/{id}", $"/cases/{id}/jobs/1/files/skull.stl", $"/cases/{id}/jobs/1/view/skull.stl" })
        {
            using var response = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
        }
        foreach (string api in new[] { "/api/cases", $"/api/cases/{id}/jobs", $"/api/cases/{id}/jobs/events" })
        {
            using var response = await anonymous.GetAsync(api);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var upload = await anonymous.PostAsync("/cases", new ByteArrayContent([1, 2, 3])))
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        using (var login = await anonymous.GetAsync("/login")) Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using (var wrong = await WebTestServer.PostForm(anonymous, "/login", "/login", new() { ["name"] = "alice", ["password"] = "wrong password" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("Wrong name or password", await wrong.Content.ReadAsStringAsync());
        }
        using (var signOut = await WebTestServer.PostForm(alice, "/", "/logout", new()))
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using (var after = await alice.GetAsync("/api/cases")) Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task AnotherUsersCaseAnswers404()
    {
        await using var server = await WebTestServer.Start(new SkullSurfaceProcessor());
        var alice = await server.SignIn("alice");
        var carol = await server.SignIn("carol");
        string id = await WebTestServer.UploadPhantom(alice);
        await WebTestServer.WaitForJobs(alice, id, JobTimeout);
        using (var own = await alice.GetAsync($"/cases/{id}/jobs/1/files/skull.stl")) Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        foreach (string url in new[] { $"/cases/{id}", $"/api/cases/{id}/jobs", $"/api/cases/{id}/jobs/events", $"/cases/{id}/jobs/1/files/skull.stl", $"/cases/{id}/jobs/1/view/ct.nrrd" })
        {
            using var response = await carol.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using (var rerun = await WebTestServer.PostForm(carol, "/", $"/cases/{id}/jobs", new() { ["method"] = "mirror", ["gap"] = "0", ["smoothing"] = "5" }))
            Assert.Equal(HttpStatusCode.NotFound, rerun.StatusCode);
        Assert.Equal("[]", await carol.GetStringAsync("/api/cases"));
        Assert.Contains(id, await alice.GetStringAsync("/api/cases"));
    }

    [Fact]
    public async Task AJobRunsToCompletionAndItsResultsKeepTheInputGeometry()
    {
        var processor = new SkullSurfaceProcessor();
        await using var server = await WebTestServer.Start(processor);
        var alice = await server.SignIn("alice");
        string id = await WebTestServer.UploadPhantom(alice);
        JsonElement jobs = await WebTestServer.WaitForJobs(alice, id, JobTimeout);
        JsonElement job = Assert.Single(jobs.EnumerateArray());
        Assert.Equal("Done", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal("spherical", job.GetProperty("parameters").GetProperty("method").GetString());

        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("skull.stl"), await alice.GetByteArrayAsync($"/cases/{id}/jobs/1/files/skull.stl"));
        TriangleMesh mesh = StlReader.Read(temp.File("skull.stl"));
        Assert.True(mesh.TriangleCount > 1000);
        Assert.True(mesh.CheckTopology().IsClosedManifold, mesh.CheckTopology().ToString());

        File.WriteAllBytes(temp.File("skull.nrrd"), await alice.GetByteArrayAsync($"/cases/{id}/jobs/1/files/skull.nrrd"));
        var skull = VolumeFile.Read(temp.File("skull.nrrd"));
        var (ct, truth) = SkullPhantom.Ct(new SkullPhantomOptions(Spacing: 4, DefectRadius: 30));
        Assert.Null(skull.Grid.DifferenceFrom(ct.Grid, 1e-6));
        Assert.InRange(skull.CountNonZero(), truth.CountNonZero() * 0.8, truth.CountNonZero() * 1.2);

        // The viewer's copy of the mesh is the same mesh turned from LPS to RAS: x and y negated.
        File.WriteAllBytes(temp.File("view.stl"), await alice.GetByteArrayAsync($"/cases/{id}/jobs/1/view/skull.stl"));
        TriangleMesh view = StlReader.Read(temp.File("view.stl"));
        Assert.Equal(mesh.TriangleCount, view.TriangleCount);
        var (min, max) = mesh.BoundingBox();
        var (vmin, vmax) = view.BoundingBox();
        Assert.Equal(-max.X, vmin.X, 3);
        Assert.Equal(-min.Y, vmax.Y, 3);
        Assert.Equal(max.Z, vmax.Z, 3);

        string page = await alice.GetStringAsync($"/cases/{id}");
        Assert.Contains("id=\"viewer\"", page);
        Assert.Contains($"/cases/{id}/jobs/1/view/ct.nrrd", page);
        Assert.Single(processor.Completions);
    }

    [Fact]
    public async Task TheJobEventStreamFollowsAJobToItsEndAndCloses()
    {
        using var gate = new ManualResetEventSlim(false);
        var held = new SkullSurfaceProcessor { Gate = gate };
        await using var server = await WebTestServer.Start(held);
        var alice = await server.SignIn("alice");
        string id = await WebTestServer.UploadPhantom(alice);
        Assert.True(await held.Started.WaitAsync(TimeSpan.FromSeconds(30)), "no job started");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{id}/jobs/events");
        using var response = await alice.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(JobTimeout);

        // Events until the stream ends: each "data:" line holds the case's jobs as /api/cases/{id}/jobs gives them.
        var states = new List<(string Status, string Stage, double Fraction)>();
        bool released = false;
        while (await reader.ReadLineAsync(timeout.Token) is string line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            JsonElement job = Assert.Single(JsonDocument.Parse(line["data: ".Length..]).RootElement.EnumerateArray());
            states.Add((job.GetProperty("status").GetString()!, job.GetProperty("stage").GetString()!, job.GetProperty("fraction").GetDouble()));
            if (!released)
            {
                gate.Set();
                released = true;
            }
        }
        // Held at the gate the job is running at its start; released it runs to the end, and the stream ends with it.
        Assert.Equal(("Running", "starting", 0.0), states[0]);
        Assert.Equal(("Done", "done", 1.0), states[^1]);
        Assert.Equal(1, states.Count(s => s.Status == "Done"));
        Assert.All(states.Zip(states.Skip(1)), p => Assert.True(p.Second.Fraction >= p.First.Fraction && p.Second != p.First, $"{p.First} then {p.Second}"));

        // A case whose jobs are all finished gets its one event and the end of the stream at once.
        string finished = await alice.GetStringAsync($"/api/cases/{id}/jobs/events", timeout.Token);
        Assert.Single(finished.Split('\n'), l => l.StartsWith("data: ", StringComparison.Ordinal));
        Assert.Contains("\"Done\"", finished);
    }

    [Fact]
    public async Task ThePipelineDesignsAnImplantForAnUploadedCtAndOffersEveryDownload()
    {
        await using var server = await WebTestServer.Start(new PipelineCaseProcessor());
        var bob = await server.SignIn("bob");
        string id = await WebTestServer.UploadPhantom(bob);
        JsonElement job = Assert.Single((await WebTestServer.WaitForJobs(bob, id, JobTimeout)).EnumerateArray());
        Assert.True(job.GetProperty("status").GetString() == "Done", job.ToString());
        JsonElement results = job.GetProperty("results");
        // The phantom lost a cap of bone around a sphere of radius 30 mm: an opening of roughly π·3² ≈ 28 cm².
        double area = Assert.Single(results.GetProperty("defectAreasCm2").EnumerateArray()).GetDouble();
        Assert.InRange(area, 15, 45);
        Assert.True(results.GetProperty("implantVolumeCm3").GetDouble() > 5);
        var files = results.GetProperty("files").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(["ct.nrrd", "implant.nrrd", "implant.stl", "report.html", "report.json", "skull.nrrd", "skull.stl"], files.Keys.Order(StringComparer.Ordinal));
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("implant.stl"), await bob.GetByteArrayAsync(files["implant.stl"]));
        Assert.True(StlReader.Read(temp.File("implant.stl")).CheckTopology().IsClosedManifold);
        File.WriteAllBytes(temp.File("implant.nrrd"), await bob.GetByteArrayAsync(files["implant.nrrd"]));
        var implant = VolumeFile.Read(temp.File("implant.nrrd"));
        Assert.Null(implant.Grid.DifferenceFrom(SkullPhantom.GridFor(new SkullPhantomOptions(Spacing: 4)), 1e-6));
        File.WriteAllBytes(temp.File("implant.nii.gz"), await bob.GetByteArrayAsync($"/cases/{id}/jobs/1/files/implant.nii.gz"));
        var nifti = (Cranio.Volumes.Volume<byte>)VolumeFile.Read(temp.File("implant.nii.gz"));
        Assert.Null(nifti.Grid.DifferenceFrom(implant.Grid, 1e-4));
        Assert.Equal(((Cranio.Volumes.Volume<byte>)implant).Data, nifti.Data);
        using (var ctAsNifti = await bob.GetAsync($"/cases/{id}/jobs/1/files/ct.nii.gz")) Assert.Equal(HttpStatusCode.NotFound, ctAsNifti.StatusCode);
        using (var report = await bob.GetAsync(files["report.html"]))
        {
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            Assert.StartsWith("text/html", report.Content.Headers.ContentType!.ToString());
            Assert.Equal("attachment", report.Content.Headers.ContentDisposition!.DispositionType);
        }
        using (var gap = await WebTestServer.PostForm(bob, $"/cases/{id}", $"/cases/{id}/jobs", new() { ["method"] = "spherical", ["gap"] = "4.5", ["smoothing"] = "10" }))
            Assert.Equal(HttpStatusCode.Redirect, gap.StatusCode);
        using (var mirror = await WebTestServer.PostForm(bob, $"/cases/{id}", $"/cases/{id}/jobs", new() { ["method"] = "mirror", ["gap"] = "0", ["smoothing"] = "10" }))
            Assert.Equal(HttpStatusCode.Redirect, mirror.StatusCode);
        JsonElement versions = await WebTestServer.WaitForJobs(bob, id, JobTimeout);
        Assert.Equal(3, versions.GetArrayLength());
        foreach (JsonElement version in versions.EnumerateArray())
            Assert.True(version.GetProperty("status").GetString() == "Done", version.ToString());
        // A clinical gap of 4.5 mm (more than the phantom's 4 mm voxels) takes the voxels touching the bone off the
        // same design: a smaller implant.
        double withoutGap = versions[0].GetProperty("results").GetProperty("implantVolumeCm3").GetDouble();
        double withGap = versions[1].GetProperty("results").GetProperty("implantVolumeCm3").GetDouble();
        Assert.InRange(withGap, 0, 0.99 * withoutGap);
        string page = await bob.GetStringAsync($"/cases/{id}?job=1&compare=3");
        Assert.Contains($"data-compare-stl=\"/cases/{id}/jobs/3/view/implant.stl\"", page);
        Assert.Contains("implant of version 3", page);
    }

    [Fact]
    public async Task ADicomSeriesZipAndASkullMaskAreAcceptedAndKeepTheirGeometry()
    {
        await using var server = await WebTestServer.Start(new SkullSurfaceProcessor());
        var alice = await server.SignIn("alice");
        var options = new SkullPhantomOptions(Spacing: 4, DefectRadius: 30);
        var (ct, mask) = SkullPhantom.Ct(options);
        var g = ct.Grid;
        using var temp = new TempDirectory();
        var template = new Cranio.Tests.IO.Dicom.DicomTestSlice { Rows = g.SizeY, Columns = g.SizeX, RowSpacing = 4, ColumnSpacing = 4, Position = g.Origin };
        Cranio.Tests.IO.Dicom.DicomTestFileBuilder.WriteSeries(temp.File("series"), template, g.SizeZ, new Cranio.Volumes.Vec3(0, 0, 4), z => ct.Slice(z).ToArray());
        ZipFile.CreateFromDirectory(temp.File("series"), temp.File("head.zip"), CompressionLevel.Fastest, includeBaseDirectory: true);
        string dicomCase = await UploadAndWait(temp.File("head.zip"));
        VolumeFile.Write(mask, temp.File("skull.nii.gz"));
        string maskCase = await UploadAndWait(temp.File("skull.nii.gz"));

        var cases = JsonDocument.Parse(await alice.GetStringAsync("/api/cases")).RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal("Ct", cases[dicomCase].GetProperty("kind").GetString());
        Assert.Equal("SkullMask", cases[maskCase].GetProperty("kind").GetString());
        foreach (string id in new[] { dicomCase, maskCase })
        {
            File.WriteAllBytes(temp.File("result.nrrd"), await alice.GetByteArrayAsync($"/cases/{id}/jobs/{(id == dicomCase ? 1 : 2)}/files/skull.nrrd"));
            var skull = VolumeFile.Read(temp.File("result.nrrd"));
            Assert.Null(skull.Grid.DifferenceFrom(g, 1e-4));
            if (id == maskCase) Assert.Equal(mask.Data, ((Cranio.Volumes.Volume<byte>)skull).Data);
        }
        using var noCt = await alice.GetAsync($"/cases/{maskCase}/jobs/2/files/ct.nrrd");
        Assert.Equal(HttpStatusCode.NotFound, noCt.StatusCode);

        async Task<string> UploadAndWait(string path)
        {
            using var response = await WebTestServer.Upload(alice, Path.GetFileName(path), File.ReadAllBytes(path));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
            string id = response.Headers.Location!.OriginalString.Split('/').Last();
            JsonElement job = Assert.Single((await WebTestServer.WaitForJobs(alice, id, JobTimeout)).EnumerateArray());
            Assert.True(job.GetProperty("status").GetString() == "Done", job.ToString());
            return id;
        }
    }

    [Fact]
    public async Task APipelineErrorFailsTheJobWithItsMessageOnTheCasePage()
    {
        await using var server = await WebTestServer.Start(new PipelineCaseProcessor());
        var alice = await server.SignIn("alice");
        using var temp = new TempDirectory();
        VolumeFile.Write(new Cranio.Volumes.Volume<byte>(Cranio.Volumes.Grid.AxisAligned(12, 12, 12, new Cranio.Volumes.Vec3(1, 1, 1), Cranio.Volumes.Vec3.Zero)), temp.File("empty.nrrd"));
        using var response = await WebTestServer.Upload(alice, "empty.nrrd", File.ReadAllBytes(temp.File("empty.nrrd")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        string id = response.Headers.Location!.OriginalString.Split('/').Last();
        JsonElement job = Assert.Single((await WebTestServer.WaitForJobs(alice, id, JobTimeout)).EnumerateArray());
        Assert.Equal("Failed", job.GetProperty("status").GetString());
        string error = job.GetProperty("error").GetString()!;
        Assert.Contains("empty", error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("failed: " + error, WebUtility.HtmlDecode(await alice.GetStringAsync($"/cases/{id}")));
        using var none = await alice.GetAsync($"/cases/{id}/jobs/1/files/implant.stl");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task ABadUploadIsRejectedWithTheLibrarysMessage()
    {
        await using var server = await WebTestServer.Start(new SkullSurfaceProcessor());
        var alice = await server.SignIn("alice");
        using (var response = await WebTestServer.Upload(alice, "notes.nrrd", "these are not voxels"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            string html = await response.Content.ReadAsStringAsync();
            Assert.Contains("notes.nrrd: format: not a recognised volume file", WebUtility.HtmlDecode(html));
            Assert.DoesNotContain(server.DataDirectory, html);
        }
        byte[] truncated = WebTestServer.PhantomNrrd.Value[..(WebTestServer.PhantomNrrd.Value.Length / 2)];
        using (var response = await WebTestServer.Upload(alice, "head.nrrd", truncated))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("head.nrrd: ", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        using (var empty = await WebTestServer.Upload(alice, "empty.nrrd", []))
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("[]", await alice.GetStringAsync("/api/cases"));
        Assert.Empty(Directory.Exists(Path.Combine(server.DataDirectory, "cases")) ? Directory.GetDirectories(Path.Combine(server.DataDirectory, "cases")) : []);
    }

    [Fact]
    public async Task ZipSlipEntriesAreRejectedBeforeAnythingIsWritten()
    {
        await using var server = await WebTestServer.Start(new SkullSurfaceProcessor());
        var alice = await server.SignIn("alice");
        foreach (string evil in new[] { "../escaped.dcm", "series/../../escaped.dcm", "/tmp/escaped.dcm", "C:/escaped.dcm", "..\\escaped.dcm" })
        {
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                using (var w = archive.CreateEntry("series/ok.dcm").Open()) w.Write([1, 2, 3]);
                using (var w = archive.CreateEntry(evil).Open()) w.Write([4, 5, 6]);
            }
            using var response = await WebTestServer.Upload(alice, "series.zip", zip.ToArray());
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"zip entry \"{evil}\"", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        Assert.Empty(Directory.GetFiles(server.DataDirectory, "escaped.dcm", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(server.DataDirectory)!, "escaped.dcm"));
        Assert.Equal("[]", await alice.GetStringAsync("/api/cases"));
    }

    [Fact]
    public async Task FormsWithoutAnAntiforgeryTokenAndOversizedUploadsAreRefused()
    {
        await using var server = await WebTestServer.Start(new SkullSurfaceProcessor(), maxUploadBytes: 64 << 10);
        var alice = await server.SignIn("alice");
        var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[1000]), "file", "small.nrrd" } };
        using (var response = await alice.PostAsync("/cases", form))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("security token", await response.Content.ReadAsStringAsync());
        }
        var big = new byte[200 << 10];
        new Random(5).NextBytes(big);
        using (var response = await WebTestServer.Upload(alice, "big.nrrd", big))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("[]", await alice.GetStringAsync("/api/cases"));
    }

    [Fact]
    public async Task SignInAttemptsAreRateLimitedPerClient()
    {
        await using var server = await WebTestServer.Start(new SkullSurfaceProcessor(), loginAttemptsPerMinute: 3);
        var (client, _) = server.Anonymous();
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            using var response = await WebTestServer.PostForm(client, "/login", "/login", new() { ["name"] = "alice", ["password"] = "guess " + i });
            codes.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task EngineersRerunTheDesignWithOtherParametersAndSurgeonsCannot()
    {
        await using var server = await WebTestServer.Start(new SkullSurfaceProcessor());
        var bob = await server.SignIn("bob");
        string id = await WebTestServer.UploadPhantom(bob);
        await WebTestServer.WaitForJobs(bob, id, JobTimeout);
        using (var bad = await WebTestServer.PostForm(bob, $"/cases/{id}", $"/cases/{id}/jobs", new() { ["method"] = "mirror", ["gap"] = "9", ["smoothing"] = "5" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("Clinical gap must be 0–5 mm; got 9.", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        }
        using (var ok = await WebTestServer.PostForm(bob, $"/cases/{id}", $"/cases/{id}/jobs", new() { ["method"] = "mirror", ["gap"] = "1.5", ["smoothing"] = "0" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.EndsWith($"/cases/{id}?job=2", ok.Headers.Location!.OriginalString);
        }
        JsonElement jobs = await WebTestServer.WaitForJobs(bob, id, JobTimeout);
        Assert.Equal(2, jobs.GetArrayLength());
        JsonElement second = jobs[1].GetProperty("parameters");
        Assert.Equal(("mirror", 1.5, 0), (second.GetProperty("method").GetString(), second.GetProperty("clinicalGapMm").GetDouble(), second.GetProperty("smoothingIterations").GetInt32()));
        Assert.All(jobs.EnumerateArray(), j => Assert.Equal("Done", j.GetProperty("status").GetString()));
        Assert.Contains($"compare=1", await bob.GetStringAsync($"/cases/{id}?job=2"));

        var alice = await server.SignIn("alice");
        string own = await WebTestServer.UploadPhantom(alice);
        Assert.DoesNotContain("id=\"rerun\"", await alice.GetStringAsync($"/cases/{own}"));
        using var refused = await WebTestServer.PostForm(alice, $"/cases/{own}", $"/cases/{own}/jobs", new() { ["method"] = "mirror", ["gap"] = "0", ["smoothing"] = "5" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task ARestartMidQueueLosesNoJobAndRunsNoneTwice()
    {
        using var gate = new ManualResetEventSlim(false);
        var held = new SkullSurfaceProcessor { Gate = gate };
        await using var first = await WebTestServer.Start(held);
        string data = first.DataDirectory;
        var ids = new List<string>();
        var alice = await first.SignIn("alice");
        for (int i = 0; i < 3; i++) ids.Add(await WebTestServer.UploadPhantom(alice, $"case {i}"));
        Assert.True(await held.Started.WaitAsync(TimeSpan.FromSeconds(30)), "no job started");
        string running = await alice.GetStringAsync($"/api/cases/{ids[0]}/jobs");
        Assert.Contains("\"Running\"", running);
        await first.Stop();
        Assert.Empty(held.Completions);

        // A crash (no orderly stop) leaves a job marked running: simulate it on the second case's job.
        var database = new CranioDatabase(Path.Combine(data, "cranio.db"));
        Assert.Equal(1, database.Execute("UPDATE jobs SET status = 'Running', attempts = 1 WHERE case_id = $c", ("$c", ids[1])));

        var processor = new SkullSurfaceProcessor();
        await using var second = await WebTestServer.Start(processor, data, workers: 2);
        alice = await second.SignIn("alice");
        foreach (string id in ids)
        {
            JsonElement job = Assert.Single((await WebTestServer.WaitForJobs(alice, id, JobTimeout)).EnumerateArray());
            Assert.Equal("Done", job.GetProperty("status").GetString());
            Assert.Equal(id == ids[2] ? 1 : 2, job.GetProperty("attempts").GetInt32());
        }
        Assert.Equal(3, processor.Completions.Count);
        Assert.All(processor.Completions.Values, n => Assert.Equal(1, n));
    }
}
