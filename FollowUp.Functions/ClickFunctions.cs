using FollowUp.Engine.Clicks;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP function of tracked links in emails; anonymous because the link's signed token authenticates it.</summary>
public sealed class ClickFunctions(ClickEndpoints endpoints)
{
    /// <summary>Records the click and redirects to the link's original address; a forged token gets a page and no redirect.</summary>
    [Function(nameof(FollowLink))]
    public Task<IResult> FollowLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = FollowUpRoutes.Click)] HttpRequest req,
        string token,
        CancellationToken ct)
        => endpoints.GetAsync(req, token, ct);
}
