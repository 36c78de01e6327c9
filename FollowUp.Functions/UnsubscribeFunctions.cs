using FollowUp.Engine.Http;
using FollowUp.Engine.Unsubscribe;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP functions of the unsubscribe link in every email; anonymous because the link's signed token authenticates it.</summary>
public sealed class UnsubscribeFunctions(UnsubscribeEndpoints endpoints)
{
    /// <summary>Shows the page that asks to confirm; it never unsubscribes.</summary>
    [Function(nameof(ConfirmUnsubscribe))]
    public IResult ConfirmUnsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FollowUpRoutes.Unsubscribe)] HttpRequest req)
        => endpoints.Get(req);

    /// <summary>Suppresses the link's address: the page's form, or a mail client's RFC 8058 one-click POST.</summary>
    [Function(nameof(Unsubscribe))]
    public Task<IResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FollowUpRoutes.Unsubscribe)] HttpRequest req,
        CancellationToken ct)
        => endpoints.PostAsync(req, ct);
}
