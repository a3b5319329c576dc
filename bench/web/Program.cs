// Loopback load test of the Cranio web application: N users sign in, each uploads a small phantom CT and polls
// its case (the JSON API and the case page) until the job is done, then downloads the implant STL. Only
// 127.0.0.1; bounded in requests per user and in total time. Prints latency percentiles and checks that every
// job completed exactly once and none was lost.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cranio.IO;
using Cranio.Phantoms;
using Cranio.Web;
using Microsoft.Extensions.Logging;

int users = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
double spacing = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 4;
var deadline = TimeSpan.FromMinutes(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10);
const int MaxRequestsPerUser = 3000;
const string Password = "load-test-password";

string data = Path.Combine(Path.GetTempPath(), "cranio-web-load-" + Guid.NewGuid().ToString("N"));
var options = new WebOptions(data, "http://127.0.0.1:0", loginAttemptsPerMinute: 10 * users, passwordIterations: PasswordHasher.MinimumIterations);
var store = new UserStore(new CranioDatabase(options.DatabasePath), options.PasswordIterations);
for (int u = 0; u < users; u++) store.Add($"user{u}", u % 2 == 0 ? UserRole.Surgeon : UserRole.Engineer, Password);

Console.WriteLine($"Rendering {users} phantom CTs ({spacing} mm)…");
var uploads = new byte[users][];
for (int u = 0; u < users; u++)
{
    string file = Path.Combine(data, $"upload{u}.nrrd");
    VolumeFile.Write(SkullPhantom.Ct(new SkullPhantomOptions(Spacing: spacing, Seed: (ulong)u + 1, DefectRadius: 25 + u % 10)).Ct, file);
    uploads[u] = File.ReadAllBytes(file);
    File.Delete(file);
}

var app = CranioWebApp.Create(options, new PipelineCaseProcessor(), LogLevel.Warning);
await app.StartAsync();
var baseAddress = new Uri(CranioWebApp.Addresses(app).Single());
Console.WriteLine($"Server on {baseAddress} with {options.Workers} worker(s); {users} users start now.");

var latencies = new Dictionary<string, List<double>>();
void Record(string kind, double ms)
{
    lock (latencies)
    {
        if (!latencies.TryGetValue(kind, out var list)) latencies[kind] = list = [];
        list.Add(ms);
    }
}

var tokenPattern = new Regex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
var total = Stopwatch.StartNew();
var jobSeconds = new double[users];
var failures = new List<string>();

async Task<HttpResponseMessage> Timed(string kind, Func<Task<HttpResponseMessage>> request)
{
    var clock = Stopwatch.StartNew();
    var response = await request();
    await response.Content.LoadIntoBufferAsync();
    Record(kind, clock.Elapsed.TotalMilliseconds);
    return response;
}

async Task User(int u)
{
    var cookies = new CookieContainer();
    using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    async Task<string> Token(string page)
    {
        using var r = await Timed("page", () => client.GetAsync(page));
        return WebUtility.HtmlDecode(tokenPattern.Match(await r.Content.ReadAsStringAsync()).Groups[1].Value);
    }
    string token = await Token("/login");
    using (var login = await Timed("sign-in", () => client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
           { ["name"] = $"user{u}", ["password"] = Password, ["__RequestVerificationToken"] = token }))))
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"user{u}: sign-in answered {(int)login.StatusCode}");
    token = await Token("/");
    var form = new MultipartFormDataContent
    {
        { new StringContent(token), "__RequestVerificationToken" },
        { new StringContent($"load case {u}"), "name" },
        { new ByteArrayContent(uploads[u]), "file", $"head{u}.nrrd" },
    };
    string caseId;
    using (var upload = await Timed("upload", () => client.PostAsync("/cases", form)))
    {
        if (upload.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"user{u}: upload answered {(int)upload.StatusCode}: {await upload.Content.ReadAsStringAsync()}");
        caseId = upload.Headers.Location!.OriginalString.Split('/').Last();
    }
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < MaxRequestsPerUser / 2 && total.Elapsed < deadline; i++)
    {
        using var poll = await Timed("api poll", () => client.GetAsync($"/api/cases/{caseId}/jobs"));
        var job = JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement[0];
        string status = job.GetProperty("status").GetString()!;
        using (await Timed("page", () => client.GetAsync($"/cases/{caseId}"))) { }
        if (status == "Failed") throw new InvalidOperationException($"user{u}: job failed: {job.GetProperty("error")}");
        if (status == "Done")
        {
            jobSeconds[u] = clock.Elapsed.TotalSeconds;
            string stl = job.GetProperty("results").GetProperty("files").GetProperty("implant.stl").GetString()!;
            using var download = await Timed("download", () => client.GetAsync(stl));
            if (download.StatusCode != HttpStatusCode.OK || (await download.Content.ReadAsByteArrayAsync()).Length < 84)
                throw new InvalidOperationException($"user{u}: implant STL download answered {(int)download.StatusCode}");
            return;
        }
        await Task.Delay(500);
    }
    throw new TimeoutException($"user{u}: job not done within the bounds");
}

var tasks = Enumerable.Range(0, users).Select(u => Task.Run(async () =>
{
    try { await User(u); }
    catch (Exception e) { lock (failures) failures.Add(e.Message); }
})).ToArray();
await Task.WhenAll(tasks);
double wall = total.Elapsed.TotalSeconds;

var database = new CranioDatabase(options.DatabasePath);
int Count(string sql)
{
    using var connection = database.Open();
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
}
int jobs = Count("SELECT COUNT(*) FROM jobs");
int done = Count("SELECT COUNT(*) FROM jobs WHERE status = 'Done' AND attempts = 1");
await app.StopAsync();
await app.DisposeAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(data, recursive: true);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

var inv = CultureInfo.InvariantCulture;
Console.WriteLine();
Console.WriteLine($"{users} users, {users} uploads of {uploads.Average(b => b.Length) / 1024:0} KiB, {options.Workers} worker(s): {wall.ToString("0.0", inv)} s wall; jobs {jobs}, done exactly once {done}, failures {failures.Count}.");
Console.WriteLine($"Job time seen by a user (upload → done): median {Percentile([.. jobSeconds], 0.5).ToString("0.0", inv)} s, max {jobSeconds.Max().ToString("0.0", inv)} s.");
Console.WriteLine();
Console.WriteLine("| request | count | p50 (ms) | p95 (ms) | max (ms) |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var (kind, list) in latencies.OrderBy(k => k.Key))
    Console.WriteLine($"| {kind} | {list.Count} | {Percentile(list, 0.5).ToString("0.0", inv)} | {Percentile(list, 0.95).ToString("0.0", inv)} | {list.Max().ToString("0.0", inv)} |");
foreach (string f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 && done == users && jobs == users ? 0 : 1;
