using FollowUp.Engine.Http;
using FollowUp.Engine.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP functions that configure sources and receive their deliveries.</summary>
public sealed class SourceFunctions(SourceEndpoints endpoints, SourceDeliveryEndpoints deliveries)
{
    /// <summary>Saves the source named in the route.</summary>
    [Function(nameof(PutSource))]
    public Task<IResult> PutSource(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = FollowUpRoutes.Source)] HttpRequest req,
        string id,
        CancellationToken ct)
        => endpoints.PutAsync(req, id, ct);

    /// <summary>Reads the source named in the route.</summary>
    [Function(nameof(GetSource))]
    public Task<IResult> GetSource(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.Source)] HttpRequest req,
        string id,
        CancellationToken ct)
        => endpoints.GetAsync(id, ct);

    /// <summary>Receives a delivery; anonymous, because each is checked by its signature (or, for forms, its honeypot and rate cap).</summary>
    [Function(nameof(ReceiveDelivery))]
    public Task<IResult> ReceiveDelivery(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FollowUpRoutes.SourceDeliveries)] HttpRequest req,
        string id,
        CancellationToken ct)
        => deliveries.PostAsync(req, id, ct);

    /// <summary>Answers a browser's CORS preflight for a form source (leave the Function App's platform CORS unset, so this function answers it).</summary>
    [Function(nameof(PreflightDelivery))]
    public Task<IResult> PreflightDelivery(
        [HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = FollowUpRoutes.SourceDeliveries)] HttpRequest req,
        string id,
        CancellationToken ct)
        => deliveries.PreflightAsync(req, id, ct);
}
