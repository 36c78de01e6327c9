using FollowUp.Engine.Http;
using FollowUp.Engine.Sources.Confirmations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP functions of the link that confirms a form submission (double opt-in); anonymous because the link's signed token authenticates it.</summary>
public sealed class ConfirmationFunctions(ConfirmationEndpoints endpoints)
{
    /// <summary>Shows the page that asks to confirm; it never confirms.</summary>
    [Function(nameof(AskConfirmation))]
    public Task<IResult> AskConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FollowUpRoutes.Confirm)] HttpRequest req,
        CancellationToken ct)
        => endpoints.GetAsync(req, ct);

    /// <summary>Confirms the held submission and starts what its source maps it to.</summary>
    [Function(nameof(Confirm))]
    public Task<IResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FollowUpRoutes.Confirm)] HttpRequest req,
        CancellationToken ct)
        => endpoints.PostAsync(req, ct);
}
