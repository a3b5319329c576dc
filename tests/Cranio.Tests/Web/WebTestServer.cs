using System.Net;
using System.Text.RegularExpressions;
using Cranio.IO;
using Cranio.Phantoms;
using Cranio.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Cranio.Tests.Web;

/// <summary>
/// A real Kestrel server of the web application on 127.0.0.1 (a free port) with a data folder of its own and three
/// users: alice (surgeon), bob (engineer) and carol (surgeon), all with password <see cref="Password"/>.
/// </summary>
internal sealed partial class WebTestServer : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private WebTestServer(WebApplication app, string dataDirectory, TempDirectory? owned)
    {
        App = app;
        DataDirectory = dataDirectory;
        _owned = owned;
        BaseAddress = new Uri(CranioWebApp.Addresses(app).Single());
    }

    private readonly TempDirectory? _owned;

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    /// <summary>Starts a server; with <paramref name="dataDirectory"/> it reuses that folder (a restart), else it makes a new one with the three users.</summary>
    public static async Task<WebTestServer> Start(ICaseProcessor processor, string? dataDirectory = null, int workers = 1,
        long maxUploadBytes = 64L << 20, int loginAttemptsPerMinute = 1000)
    {
        TempDirectory? owned = dataDirectory is null ? new TempDirectory() : null;
        string data = dataDirectory ?? owned!.Path;
        var options = new WebOptions(data, "http://127.0.0.1:0", maxUploadBytes, workers, loginAttemptsPerMinute, PasswordHasher.MinimumIterations);
        if (owned is not null)
        {
            var users = new UserStore(new CranioDatabase(options.DatabasePath), options.PasswordIterations);
            users.Add("alice", UserRole.Surgeon, Password);
            users.Add("bob", UserRole.Engineer, Password);
            users.Add("carol", UserRole.Surgeon, Password);
        }
        var app = CranioWebApp.Create(options, processor, LogLevel.Warning);
        await app.StartAsync();
        return new WebTestServer(app, data, owned);
    }

    /// <summary>Stops the server, keeping its data folder.</summary>
    public async Task Stop()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>A client without cookies of a user, not following redirects.</summary>
    public (HttpClient Client, CookieContainer Cookies) Anonymous()
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        return (client, cookies);
    }

    /// <summary>A client signed in as <paramref name="user"/>.</summary>
    public async Task<HttpClient> SignIn(string user, string password = Password)
    {
        var (client, _) = Anonymous();
        using var response = await PostForm(client, "/login", "/login", new() { ["name"] = user, ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Posts a form to <paramref name="action"/> with the antiforgery token of the page at <paramref name="page"/>.</summary>
    public static async Task<HttpResponseMessage> PostForm(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        fields[TokenName] = await Token(client, page);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Uploads <paramref name="content"/> as <paramref name="fileName"/> through the home page's form.</summary>
    public static async Task<HttpResponseMessage> Upload(HttpClient client, string fileName, byte[] content, string caseName = "test case")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(await Token(client, "/")), TokenName },
            { new StringContent(caseName), "name" },
            { new ByteArrayContent(content), "file", fileName },
        };
        return await client.PostAsync("/cases", form);
    }

    /// <summary>Uploads the phantom CT and returns the new case id.</summary>
    public static async Task<string> UploadPhantom(HttpClient client, string caseName = "phantom")
    {
        using var response = await Upload(client, "head.nrrd", PhantomNrrd.Value, caseName);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString.Split('/').Last();
    }

    /// <summary>Polls the case's jobs until none is queued or running; returns their JSON.</summary>
    public static async Task<System.Text.Json.JsonElement> WaitForJobs(HttpClient client, string caseId, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (true)
        {
            string json = await client.GetStringAsync($"/api/cases/{caseId}/jobs");
            var jobs = System.Text.Json.JsonDocument.Parse(json).RootElement;
            if (jobs.EnumerateArray().All(j => j.GetProperty("status").GetString() is "Done" or "Failed")) return jobs;
            if (DateTime.UtcNow > end) throw new TimeoutException($"jobs of case {caseId} still not finished: {json}");
            await Task.Delay(100);
        }
    }

    /// <summary>The phantom head CT (4 mm voxels, spherical defect of 30 mm radius) as gzip NRRD bytes.</summary>
    public static readonly Lazy<byte[]> PhantomNrrd = new(() =>
    {
        using var temp = new TempDirectory();
        var (ct, _) = SkullPhantom.Ct(new SkullPhantomOptions(Spacing: 4, DefectRadius: 30));
        VolumeFile.Write(ct, temp.File("head.nrrd"));
        return File.ReadAllBytes(temp.File("head.nrrd"));
    });

    private const string TokenName = "__RequestVerificationToken";

    private static async Task<string> Token(HttpClient client, string page)
    {
        string html = await client.GetStringAsync(page);
        Match m = TokenPattern().Match(html);
        Assert.True(m.Success, $"no antiforgery token on {page}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _owned?.Dispose();
    }
}
