using FollowUp.Engine.Http;
using FollowUp.Engine.Replies;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP function that records inbound replies.</summary>
public sealed class ReplyFunctions(ReplyEndpoints endpoints)
{
    /// <summary>Records a reply and halts the enrollments it stops.</summary>
    [Function(nameof(ReceiveReply))]
    public Task<IResult> ReceiveReply(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FollowUpRoutes.Replies)] HttpRequest req,
        CancellationToken ct)
        => endpoints.PostAsync(req, ct);
}
