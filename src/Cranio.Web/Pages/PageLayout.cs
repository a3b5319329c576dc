using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cranio.Web;

/// <summary>The frame of every HTML page (title, signed-in user, sign-out form) and the small pieces pages share.</summary>
internal static class PageLayout
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Num(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes >= 1 << 30 ? Num(bytes / (double)(1 << 30), "0.##") + " GiB"
        : bytes >= 1 << 20 ? Num(bytes / (double)(1 << 20), "0.#") + " MiB" : Num(bytes / 1024.0, "0.#") + " KiB";

    /// <summary>A hidden input with the antiforgery request token for a form on this page.</summary>
    public static string Token(HttpContext ctx)
    {
        var tokens = ctx.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(ctx);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>The signed-in user of the request.</summary>
    public static UserAccount User(HttpContext ctx)
    {
        ClaimsPrincipal p = ctx.User;
        return new UserAccount(long.Parse(p.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture), p.Identity!.Name!,
            Enum.Parse<UserRole>(p.FindFirstValue(ClaimTypes.Role)!, ignoreCase: true));
    }

    public static string Render(HttpContext ctx, string title, string body, params string[] scripts)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append($"<title>{E(title)} — Cranio</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head><body>");
        html.Append("<header><a class=\"brand\" href=\"/\">Cranio</a>");
        if (ctx.User.Identity?.IsAuthenticated == true)
        {
            UserAccount user = User(ctx);
            html.Append($"<span class=\"who\">{E(user.Name)} ({E(user.Role.ToString().ToLowerInvariant())})</span>");
            html.Append($"<form method=\"post\" action=\"/logout\" class=\"inline\">{Token(ctx)}<button type=\"submit\">Sign out</button></form>");
        }
        html.Append("</header><main>").Append(body).Append("</main>");
        foreach (string script in scripts) html.Append($"<script type=\"module\" src=\"{E(script)}\"></script>");
        html.Append("</body></html>");
        return html.ToString();
    }

    public static IResult Page(HttpContext ctx, string title, string body, int status = StatusCodes.Status200OK, params string[] scripts) =>
        Results.Content(Render(ctx, title, body, scripts), "text/html; charset=utf-8", Encoding.UTF8, status);

    public static Task Error(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        return ctx.Response.WriteAsync(Render(ctx, "Error", $"<p class=\"error\">{E(message)}</p><p><a href=\"/\">Back to the cases</a></p>"));
    }
}
