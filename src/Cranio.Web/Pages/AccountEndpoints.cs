using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Cranio.Web.PageLayout;

namespace Cranio.Web;

/// <summary>Sign-in (rate-limited) and sign-out.</summary>
internal static class AccountEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/login", (HttpContext ctx, string? returnUrl) => LoginPage(ctx, returnUrl, null, StatusCodes.Status200OK)).AllowAnonymous();
        app.MapPost("/login", async (HttpContext ctx, UserStore users) =>
        {
            var form = await ctx.Request.ReadFormAsync();
            string name = form["name"].ToString().Trim(), password = form["password"].ToString();
            string? returnUrl = form["returnUrl"].ToString();
            UserAccount? user = name.Length == 0 ? null : await Task.Run(() => users.Verify(name, password));
            if (user is null) return LoginPage(ctx, returnUrl, "Wrong name or password.", StatusCodes.Status401Unauthorized);
            var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Role, user.Role.ToString().ToLowerInvariant()),
            ], CookieAuthenticationDefaults.AuthenticationScheme);
            await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect(IsLocal(returnUrl) ? returnUrl! : "/", permanent: false, preserveMethod: false);
        }).AllowAnonymous().RequireRateLimiting(CranioWebApp.LoginPolicy);
        app.MapPost("/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        });
    }

    private static bool IsLocal(string? url) => !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static IResult LoginPage(HttpContext ctx, string? returnUrl, string? error, int status) => Page(ctx, "Sign in", $"""
        <h1>Sign in</h1>
        {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
        <form method="post" action="/login" class="card narrow">
          {Token(ctx)}
          <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
          <label>Name <input name="name" autocomplete="username" required autofocus></label>
          <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
          <button type="submit">Sign in</button>
        </form>
        <p class="muted">Accounts are made on the server with <code>cranio users add NAME --role surgeon|engineer</code>.</p>
        """, status);
}
