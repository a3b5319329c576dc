using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Cranio.Web;

/// <summary>
/// The Cranio web application (<c>cranio serve</c>): one process serving pages, the JSON API, downloads and the
/// bundled 3D viewer, with its users, cases and jobs in SQLite under <see cref="WebOptions.DataDirectory"/> and
/// a background queue running the pipeline. Every page, file and API call needs a signed-in user, who sees only
/// their own cases; forms carry antiforgery tokens; sign-in attempts are rate-limited per client address.
/// </summary>
public static class CranioWebApp
{
    /// <summary>Name of the rate-limiting policy on <c>POST /login</c>.</summary>
    internal const string LoginPolicy = "login";

    /// <summary>Builds the application (not yet started) on <paramref name="options"/>, running jobs with <paramref name="processor"/>.</summary>
    /// <param name="options">Data folder, addresses and limits.</param>
    /// <param name="processor">Runs the pipeline on a case.</param>
    /// <param name="logLevel">Lowest level of log messages written to the console (default Information).</param>
    public static WebApplication Create(WebOptions options, ICaseProcessor processor, LogLevel logLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(processor);
        Directory.CreateDirectory(options.DataDirectory);
        string webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, WebRootPath = webRoot, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // The cookie keys are kept unencrypted in DATA/keys (the data folder is the server's own); do not warn about it at every start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxUploadBytes + (1 << 20));
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.MaxUploadBytes);

        var database = new CranioDatabase(options.DatabasePath);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(new UserStore(database, options.PasswordIterations));
        builder.Services.AddSingleton(new CaseStore(database, options.DataDirectory));
        builder.Services.AddSingleton(new JobStore(database));
        builder.Services.AddSingleton(processor);
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService(s => s.GetRequiredService<JobRunner>());

        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys"))).SetApplicationName("Cranio");
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(c =>
        {
            c.LoginPath = "/login";
            c.LogoutPath = "/logout";
            c.Cookie.Name = "cranio";
            c.Cookie.HttpOnly = true;
            c.Cookie.SameSite = SameSiteMode.Strict;
            c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            c.ExpireTimeSpan = TimeSpan.FromHours(8);
            c.SlidingExpiration = true;
            c.Events.OnRedirectToLogin = ctx =>
            {
                if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else ctx.Response.Redirect(ctx.RedirectUri);
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddAntiforgery(a => a.Cookie.Name = "cranio-af");
        builder.Services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.AddPolicy(LoginPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        var app = builder.Build();
        app.Use(async (ctx, next) =>
        {
            ctx.Response.Headers.XContentTypeOptions = "nosniff";
            ctx.Response.Headers.XFrameOptions = "DENY";
            ctx.Response.Headers["Referrer-Policy"] = "same-origin";
            await next();
        });
        // The static files (style sheet, viewer scripts, niivue) hold no patient data and are served before sign-in so the sign-in page is styled.
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Directory.Exists(webRoot) ? webRoot : AppContext.BaseDirectory), RequestPath = "/static" });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.Use(ValidateAntiforgery);
        AccountEndpoints.Map(app);
        CaseEndpoints.Map(app);
        return app;
    }

    /// <summary>Checks the antiforgery token of every POST; a missing or wrong token answers 400, an upload over the limit 413.</summary>
    private static async Task ValidateAntiforgery(HttpContext ctx, RequestDelegate next)
    {
        if (HttpMethods.IsPost(ctx.Request.Method))
        {
            long limit = ctx.RequestServices.GetRequiredService<WebOptions>().MaxUploadBytes;
            Task TooLarge() => PageLayout.Error(ctx, StatusCodes.Status413PayloadTooLarge, $"The upload is larger than the limit of {PageLayout.Bytes(limit)}.");
            if (ctx.Request.ContentLength > limit + (1 << 20))
            {
                await TooLarge();
                return;
            }
            var antiforgery = ctx.RequestServices.GetRequiredService<IAntiforgery>();
            try
            {
                await antiforgery.ValidateRequestAsync(ctx);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException || e.InnerException is InvalidDataException or BadHttpRequestException)
            {
                await TooLarge();
                return;
            }
            catch (AntiforgeryValidationException)
            {
                await PageLayout.Error(ctx, StatusCodes.Status400BadRequest, "The form is missing its security token or the token is stale; reload the page and try again.");
                return;
            }
        }
        await next(ctx);
    }

    /// <summary>The addresses the started application listens on (with the real port when 0 was asked for).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
