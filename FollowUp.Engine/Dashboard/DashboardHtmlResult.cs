using System.Text;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard;

/// <summary>A rendered dashboard page, sent with the headers every page carries: never cached, never framed, no script or style from elsewhere.</summary>
public sealed class DashboardHtmlResult(string html, int status) : IResult
{
    /// <summary>What the page may load: only the app's own stylesheet and script, no inline script, no frames, forms only to itself.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The page's HTML.</summary>
    public string Html { get; } = html;

    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = "text/html; charset=utf-8";
        DashboardHeaders.Apply(response);
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync(Html, Encoding.UTF8, httpContext.RequestAborted);
    }
}
