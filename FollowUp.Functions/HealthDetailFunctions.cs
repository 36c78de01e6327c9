using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The keyed HTTP function that reports queue depths, the oldest overdue step and the provider configuration.</summary>
public sealed class HealthDetailFunctions(HealthDetailEndpoint endpoint)
{
    /// <summary>Answers the detail once storage answers, 503 otherwise.</summary>
    [Function(nameof(HealthDetail))]
    public Task<IResult> HealthDetail(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.HealthDetail)] HttpRequest req,
        CancellationToken ct)
        => endpoint.GetAsync(ct);
}
