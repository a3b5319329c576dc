using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Cranio.Tests.Web;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>) in headless mode, driven over the DevTools protocol with a plain
/// WebSocket: one page target attached in flat mode. Launched with a new empty profile, no sandbox, no GPU, no
/// background networking; it only ever talks to the loopback test server.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _send = new(1);
    private int _nextId;
    private string? _session;
    private Task? _receiver;

    private HeadlessChromium(Process process, TempDirectory profile)
    {
        _process = process;
        _profile = profile;
    }

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static async Task<HeadlessChromium> Launch()
    {
        var profile = new TempDirectory();
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
            $"--user-data-dir={profile.Path}", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--window-size=1400,1000", "about:blank",
        }) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process, profile);
        string portFile = profile.File("DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await browser.DisposeAsync();
                throw new InvalidOperationException("chromium did not open its DevTools port within 30 s.");
            }
            await Task.Delay(100);
        }
        string[] lines = File.ReadAllLines(portFile);
        await browser._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), CancellationToken.None);
        browser._receiver = Task.Run(browser.Receive);
        JsonNode target = await browser.Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
        JsonNode attached = await browser.Send("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browserLevel: true);
        browser._session = attached["sessionId"]!.GetValue<string>();
        await browser.Send("Page.enable");
        await browser.Send("Runtime.enable");
        await browser.Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1400, ["height"] = 1000, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return browser;
    }

    /// <summary>Sends a DevTools command to the page (or the browser) and returns its result.</summary>
    public async Task<JsonNode> Send(string method, JsonObject? parameters = null, bool browserLevel = false)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel && _session is not null) message["sessionId"] = _session;
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (awaiting promises) and returns its JSON value.</summary>
    public async Task<JsonNode?> Evaluate(string expression)
    {
        JsonNode result = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } error) throw new InvalidOperationException($"page script failed: {error.ToJsonString()}");
        return result["result"]?["value"];
    }

    /// <summary>Polls <paramref name="condition"/> (a JS expression) until it is true.</summary>
    public async Task WaitFor(string condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await Evaluate($"!!({condition})") is JsonValue v && v.GetValue<bool>()) return;
            }
            catch (InvalidOperationException)
            {
                // The page is navigating: its context went away between polls.
            }
            if (DateTime.UtcNow > deadline)
            {
                string state = (await Evaluate("location.href + ' | ' + document.body.innerText.slice(0, 600)"))?.ToString() ?? "";
                throw new TimeoutException($"waited {timeout.TotalSeconds} s for {what}; page: {state}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Opens <paramref name="url"/> from the blank start page and waits until the page it lands on (after redirects) has loaded.</summary>
    public async Task Navigate(string url)
    {
        await Send("Page.navigate", new JsonObject { ["url"] = url });
        await WaitFor("location.href !== 'about:blank' && document.readyState === 'complete'", TimeSpan.FromSeconds(30), $"{url} to load");
    }

    /// <summary>Sets the files of the file input matched by <paramref name="selector"/>.</summary>
    public async Task SetInputFiles(string selector, params string[] paths)
    {
        JsonNode document = await Send("DOM.getDocument");
        JsonNode node = await Send("DOM.querySelector", new JsonObject { ["nodeId"] = document["root"]!["nodeId"]!.GetValue<int>(), ["selector"] = selector });
        await Send("DOM.setFileInputFiles", new JsonObject { ["nodeId"] = node["nodeId"]!.GetValue<int>(), ["files"] = new JsonArray(paths.Select(p => (JsonNode)p).ToArray()) });
    }

    /// <summary>A PNG screenshot of the page region (CSS pixels).</summary>
    public async Task<byte[]> Screenshot(double x, double y, double width, double height)
    {
        JsonNode shot = await Send("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["clip"] = new JsonObject { ["x"] = x, ["y"] = y, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    /// <summary>Lets the page download files into <paramref name="folder"/>.</summary>
    public Task AllowDownloads(string folder) =>
        Send("Browser.setDownloadBehavior", new JsonObject { ["behavior"] = "allow", ["downloadPath"] = folder }, browserLevel: true);

    private async Task Receive()
    {
        var buffer = new byte[1 << 20];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                JsonNode? node = JsonNode.Parse(message.ToArray());
                message.SetLength(0);
                if (node?["id"] is JsonValue idValue && _pending.TryRemove(idValue.GetValue<int>(), out var reply))
                {
                    if (node["error"] is { } error) reply.TrySetException(new InvalidOperationException($"DevTools error: {error.ToJsonString()}"));
                    else reply.TrySetResult(node["result"] ?? new JsonObject());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        foreach (var reply in _pending.Values) reply.TrySetException(new InvalidOperationException("the DevTools connection closed."));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
        {
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        _socket.Dispose();
        _profile.Dispose();
    }
}
