using System.Text.Json.Nodes;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Web;

namespace Cranio.Tests.Web;

/// <summary>
/// The web application as a person uses it, in real headless Chromium: sign in, upload a small CT, watch the job
/// finish (the real pipeline), see the 3D view drawn with the measures beside it, download the implant STL and
/// check that it is a closed mesh.
/// </summary>
public sealed class BrowserEndToEndTests
{
    [SkippableFact]
    public async Task SignInUploadWatchViewAndDownload()
    {
        Skip.IfNot(HeadlessChromium.IsInstalled, $"Chromium is not installed at {HeadlessChromium.ExecutablePath} (scripts/setup.sh installs Debian's chromium); the browser test is skipped.");
        await using var server = await WebTestServer.Start(new PipelineCaseProcessor());
        using var files = new TempDirectory();
        File.WriteAllBytes(files.File("head.nrrd"), WebTestServer.PhantomNrrd.Value);
        string downloads = Path.Combine(files.Path, "downloads");
        Directory.CreateDirectory(downloads);
        await using var browser = await HeadlessChromium.Launch();
        string root = server.BaseAddress.ToString().TrimEnd('/');

        await browser.Navigate(root + "/");
        await browser.WaitFor("location.pathname === '/login'", TimeSpan.FromSeconds(10), "the redirect to the sign-in page");
        await browser.Evaluate($$"""
            document.querySelector('input[name=name]').value = 'alice';
            document.querySelector('input[name=password]').value = {{System.Text.Json.JsonSerializer.Serialize(WebTestServer.Password)}};
            document.querySelector('form[action="/login"]').submit();
            """);
        await browser.WaitFor("location.pathname === '/' && document.getElementById('upload') !== null", TimeSpan.FromSeconds(20), "the case list after signing in");

        await browser.SetInputFiles("#upload input[type=file]", files.File("head.nrrd"));
        await browser.Evaluate("document.querySelector('#upload input[name=name]').value = 'browser case'; document.getElementById('upload').submit();");
        await browser.WaitFor("location.pathname.startsWith('/cases/')", TimeSpan.FromSeconds(30), "the case page after the upload");

        // The page follows the job's event stream and reloads when it is done; then niivue loads the CT, the masks and the meshes.
        await browser.WaitFor("window.cranioViewer !== undefined", TimeSpan.FromSeconds(120), "the job to finish and the viewer to load");
        JsonNode viewer = (await browser.Evaluate("window.cranioViewer"))!;
        Assert.True(viewer["ready"]!.GetValue<bool>(), $"viewer error: {viewer["error"]}");
        Assert.Equal(2, viewer["meshes"]!.GetValue<int>());
        Assert.Equal(3, viewer["volumes"]!.GetValue<int>());
        string aside = (await browser.Evaluate("document.querySelector('.viewer aside').innerText"))!.ToString();
        Assert.Matches(@"Defect area\s+\d+\.\d cm²", aside);
        Assert.Matches(@"Implant volume\s+\d+\.\d cm³", aside);
        await Task.Delay(500);

        JsonNode rect = (await browser.Evaluate("(() => { const r = document.getElementById('viewer').getBoundingClientRect(); return { x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height }; })()"))!;
        byte[] png = await browser.Screenshot(rect["x"]!.GetValue<double>(), rect["y"]!.GetValue<double>(), rect["w"]!.GetValue<double>(), rect["h"]!.GetValue<double>());
        if (Environment.GetEnvironmentVariable("CRANIO_SCREENSHOT_DIR") is { Length: > 0 } shots)
        {
            File.WriteAllBytes(Path.Combine(shots, "viewer.png"), png);
            File.WriteAllBytes(Path.Combine(shots, "page.png"), await browser.Screenshot(0, 0, 1400, 1000));
        }
        PngImage image = PngImage.Decode(png);
        var background = image[2, 2];
        int drawn = 0;
        var colours = new HashSet<int>();
        for (int y = 0; y < image.Height; y++)
        for (int x = 0; x < image.Width; x++)
        {
            var (r, g, b) = image[x, y];
            if (Math.Abs(r - background.R) + Math.Abs(g - background.G) + Math.Abs(b - background.B) > 30) drawn++;
            colours.Add(r << 16 | g << 8 | b);
        }
        double fraction = drawn / (double)(image.Width * image.Height);
        Assert.True(fraction > 0.05, $"only {fraction:P1} of the 3D canvas differs from the background");
        Assert.True(colours.Count > 100, $"the canvas shows only {colours.Count} colours");

        await browser.AllowDownloads(downloads);
        await browser.Evaluate("[...document.querySelectorAll('a[download]')].find(a => a.textContent === 'implant STL').click()");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string[] stl;
        while ((stl = Directory.GetFiles(downloads, "*.stl")).Length == 0 || Directory.GetFiles(downloads, "*.crdownload").Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the STL download did not arrive within 30 s");
            await Task.Delay(200);
        }
        TriangleMesh mesh = StlReader.Read(Assert.Single(stl));
        Assert.True(mesh.TriangleCount > 100);
        Assert.True(mesh.CheckTopology().IsClosedManifold, mesh.CheckTopology().ToString());
    }
}
