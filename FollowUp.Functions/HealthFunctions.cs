using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The anonymous HTTP function that reports whether storage answers.</summary>
public sealed class HealthFunctions(HealthEndpoint endpoint)
{
    /// <summary>Answers 200 once storage answers, 503 otherwise.</summary>
    [Function(nameof(Health))]
    public Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FollowUpRoutes.Health)] HttpRequest req,
        CancellationToken ct)
        => endpoint.GetAsync(ct);
}
