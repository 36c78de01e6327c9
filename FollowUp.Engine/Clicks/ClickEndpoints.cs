using Azure;
using FollowUp.Engine.Http;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Unsubscribe;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Clicks;

/// <summary>The handler of <c>GET /api/r/{token}</c> (and <c>HEAD</c>): records the click and redirects to the link's original address.</summary>
/// <remarks>
/// The address comes only from a token that verifies, so a forged or altered token redirects nowhere: it gets a 404 page
/// (problem+json for a client that asks for JSON). A person's click is counted in the step's figures, once per enrollment and step. When storage fails the click is not recorded but the person still
/// gets where the link goes. Answers are <c>no-store</c>, so that each click reaches the app.
/// </remarks>
public sealed class ClickEndpoints(ClickLinks links, ClickRecorder recorder, StepFigures figures, TimeProvider time, ILogger<ClickEndpoints> logger)
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
            var click = await recorder.RecordAsync(link, request.Method, request.Headers.UserAgent.ToString(), cancellationToken);
            if (click is { ByScanner: false, Enrollment: { } enrollment })
            {
                // Every person's click asks to be counted: the count's fact row keeps it to one per enrollment and step, so a
                // crash after the first click's record is made good by the next.
                await figures.CountClickAsync(enrollment, link.StepId, time.GetUtcNow(), cancellationToken);
            }
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
