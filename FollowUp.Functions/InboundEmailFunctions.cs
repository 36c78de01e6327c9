using FollowUp.Engine.Http;
using FollowUp.Engine.Inbound.Email;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP function that inbound-parse services (SendGrid, Postmark) post received emails to, with the function key in <c>?code=</c>.</summary>
public sealed class InboundEmailFunctions(InboundEmailEndpoints endpoints)
{
    /// <summary>Matches a received email to an enrollment and records the reply, automatic reply or bounce.</summary>
    [Function(nameof(ReceiveEmail))]
    public Task<IResult> ReceiveEmail(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FollowUpRoutes.InboundEmail)] HttpRequest req,
        CancellationToken ct)
        => endpoints.PostAsync(req, ct);
}
