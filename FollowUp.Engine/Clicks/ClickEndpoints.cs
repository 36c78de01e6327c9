using Azure;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Unsubscribe;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Clicks;

/// <summary>The handler of <c>GET /api/r/{token}</c> (and <c>HEAD</c>): records the click and redirects to the link's original address.</summary>
/// <remarks>
/// The address comes only from a token that verifies, so a forged or altered token redirects nowhere: it gets a 404 page
/// (problem+json for a client that asks for JSON). When storage fails the click is not recorded but the person still
/// gets where the link goes. Answers are <c>no-store</c>, so that each click reaches the app.
/// </remarks>
public sealed class ClickEndpoints(ClickLinks links, ClickRecorder recorder, ILogger<ClickEndpoints> logger)
{
    /// <summary>Handles a request on a tracked link.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        if (!links.TryRead(token, out var link))
        {
            logger.LogWarning("Refused a click whose token is malformed, altered or forged");
            return WantsJson(request)
                ? Problems.NotFound("This link is not valid.")
                : UnsubscribePage.Page(
                    StatusCodes.Status404NotFound,
                    "Link not valid",
                    """
                    <h1>This link is not valid.</h1>
                    <p>It may have been cut short or changed. Please open the link from the email exactly as it is.</p>
                    """);
        }

        try
        {
            await recorder.RecordAsync(link, request.Method, request.Headers.UserAgent.ToString(), cancellationToken);
        }
        catch (RequestFailedException exception)
        {
            logger.LogWarning(exception, "A click on {Position} of {StepId} of {EnrollmentId} is not recorded: storage failed", link.Position, link.StepId, link.EnrollmentId);
        }

        return new ResultWithHeaders(TypedResults.Redirect(link.Url.AbsoluteUri), context =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["X-Robots-Tag"] = "noindex";
        });
    }

    private static bool WantsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Value?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true);
}
