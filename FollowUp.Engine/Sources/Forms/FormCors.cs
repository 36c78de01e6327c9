using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>CORS for form sources: the origins in <see cref="FormSettings.AllowedOrigins"/> may post from scripts and read the answers; others get no CORS headers.</summary>
/// <remarks>
/// A plain HTML form post needs no CORS, so an origin outside the list can still submit; only scripts are held back, by the browser.
/// Every answer carries <c>Vary: Origin</c>, because whether it allows the caller depends on the <c>Origin</c> header.
/// </remarks>
public static class FormCors
{
    /// <summary>How long, in seconds, a browser may reuse a preflight answer.</summary>
    public const int PreflightMaxAgeSeconds = 600;

    /// <summary>The request's <c>Origin</c> as sent, when its scheme, host and port match an allowed origin; otherwise null.</summary>
    public static string? AllowedOrigin(HttpRequest request, FormSettings settings)
    {
        string? origin = request.Headers.Origin;
        if (origin is null || !Uri.TryCreate(origin, UriKind.Absolute, out var requested))
        {
            return null;
        }

        return settings.AllowedOrigins.Any(allowed => Uri.TryCreate(allowed, UriKind.Absolute, out var uri) && SameOrigin(uri, requested))
            ? origin
            : null;
    }

    /// <summary><paramref name="answer"/>, with <c>Access-Control-Allow-Origin</c> added when it is executed for an allowed origin.</summary>
    public static IResult WithCors(IResult answer, FormSettings settings) =>
        new ResultWithHeaders(answer, context => AllowOrigin(context, settings));

    /// <summary>The answer to an <c>OPTIONS</c> preflight: 204 allowing <c>POST</c> with <c>Content-Type</c> for an allowed origin, otherwise 403.</summary>
    public static IResult Preflight(HttpRequest request, FormSettings settings)
    {
        if (AllowedOrigin(request, settings) is null)
        {
            return WithCors(Problems.Forbidden("This origin may not post to this form."), settings);
        }

        return new ResultWithHeaders(TypedResults.NoContent(), context =>
        {
            AllowOrigin(context, settings);
            var headers = context.Response.Headers;
            headers.AccessControlAllowMethods = HttpMethods.Post;
            headers.AccessControlAllowHeaders = HeaderNames.ContentType;
            headers.AccessControlMaxAge = PreflightMaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    private static void AllowOrigin(HttpContext context, FormSettings settings)
    {
        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        if (AllowedOrigin(context.Request, settings) is { } origin)
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
        }
    }

    private static bool SameOrigin(Uri allowed, Uri requested) =>
        Uri.Compare(allowed, requested, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
}
