using FollowUp.Engine.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Http;

/// <summary>The handler of <c>GET /api/health</c>: 200 once storage answers, 503 otherwise.</summary>
public sealed class HealthEndpoint(FollowUpStorage storage, ILogger<HealthEndpoint> logger)
{
    /// <summary>Checks the table and queue services.</summary>
    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await storage.PingAsync(timeout.Token);
            return FollowUpJson.Result(new { status = "healthy" });
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            logger.LogWarning(exception, "Storage did not answer the health check");
            return Problems.Unavailable("Storage does not answer.");
        }
    }
}
