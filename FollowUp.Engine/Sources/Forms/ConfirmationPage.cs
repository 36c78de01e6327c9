using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>The page a browser gets after a submission when the form sets no redirect: self-contained HTML that loads nothing else; it asks to confirm by the link sent when the submission waits for that.</summary>
public static class ConfirmationPage
{
    /// <summary>The page's HTML.</summary>
    public static readonly string Html = Page("""
        <h1>Thank you — we got your message.</h1>
        <p>You can close this page, or go back to the site you came from.</p>
        """);

    /// <summary>The page's HTML when the submission waits until its contact confirms.</summary>
    public static readonly string AwaitingConfirmationHtml = Page("""
        <h1>Thank you — please confirm.</h1>
        <p>We sent you a message with a link: open it to confirm that it was you.</p>
        """);

    /// <summary>200 with the page, under a content security policy that allows its inline style and nothing else.</summary>
    public static IResult Result(bool awaitingConfirmation = false) => new ResultWithHeaders(
        TypedResults.Content(awaitingConfirmation ? AwaitingConfirmationHtml : Html, "text/html; charset=utf-8"),
        context =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
            headers.XContentTypeOptions = "nosniff";
        });

    private static string Page(string main) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Thank you</title>
        <style>
        body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 1.125rem/1.5 system-ui, sans-serif; background: #f6f7f9; color: #1b1f24; }
        main { max-width: 32rem; padding: 2rem; text-align: center; }
        h1 { font-size: 1.5rem; }
        @media (prefers-color-scheme: dark) { body { background: #16181c; color: #e8eaed; } }
        </style>
        </head>
        <body>
        <main>
        {{main}}
        </main>
        </body>
        </html>
        """;
}
