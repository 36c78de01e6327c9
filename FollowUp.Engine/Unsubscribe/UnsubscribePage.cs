using System.Net;
using FollowUp.Engine.Sources.Forms;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Unsubscribe;

/// <summary>The pages of the unsubscribe link: self-contained HTML that loads nothing else and sends no referrer.</summary>
public static class UnsubscribePage
{
    /// <summary>200 with a page that asks to confirm, by a POST form back to the same link (with the one-click body).</summary>
    public static IResult Confirm(string token) => Page(
        StatusCodes.Status200OK,
        "Unsubscribe",
        $"""
        <h1>Unsubscribe from these emails?</h1>
        <p>You will get no more emails from us at this address.</p>
        <form method="post" action="?{UnsubscribeLinks.TokenParameter}={WebUtility.HtmlEncode(Uri.EscapeDataString(token))}">
        <input type="hidden" name="List-Unsubscribe" value="One-Click">
        <button type="submit">Unsubscribe</button>
        </form>
        """);

    /// <summary>200 with a page that says the address is unsubscribed.</summary>
    public static IResult Done() => Page(
        StatusCodes.Status200OK,
        "Unsubscribed",
        """
        <h1>You are unsubscribed.</h1>
        <p>You will get no more emails from us at this address. You can close this page.</p>
        """);

    /// <summary>400 with a page that says the link is not valid.</summary>
    public static IResult Invalid() => Page(
        StatusCodes.Status400BadRequest,
        "Link not valid",
        """
        <h1>This unsubscribe link is not valid.</h1>
        <p>Please use the link from the email exactly as it is, or reply to the email and ask us to stop.</p>
        """);

    /// <summary>A self-contained page with <paramref name="title"/> and the HTML <paramref name="main"/>, under a content security policy that allows its inline style and forms back to this app only.</summary>
    internal static IResult Page(int statusCode, string title, string main) => new ResultWithHeaders(
        TypedResults.Content(
            $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{{title}}</title>
            <style>
            body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 1.125rem/1.5 system-ui, sans-serif; background: #f6f7f9; color: #1b1f24; }
            main { max-width: 32rem; padding: 2rem; text-align: center; }
            button { font: inherit; padding: 0.5rem 1.5rem; border: 0; border-radius: 0.375rem; background: #1b1f24; color: #fff; cursor: pointer; }
            </style>
            </head>
            <body>
            <main>
            {{main}}
            </main>
            </body>
            </html>
            """,
            "text/html; charset=utf-8",
            statusCode: statusCode),
        context =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "no-referrer";
        });
}
