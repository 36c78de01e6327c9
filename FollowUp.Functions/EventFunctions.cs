using FollowUp.Engine.Events;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP function that raises named events for a contact.</summary>
public sealed class EventFunctions(EventEndpoints endpoints)
{
    /// <summary>Raises an event and halts the enrollments whose sequence stops on it.</summary>
    [Function(nameof(RaiseEvent))]
    public Task<IResult> RaiseEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FollowUpRoutes.Events)] HttpRequest req,
        CancellationToken ct)
        => endpoints.PostAsync(req, ct);
}
