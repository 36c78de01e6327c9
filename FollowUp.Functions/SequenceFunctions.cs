using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The HTTP functions that store, read and preview sequence definitions.</summary>
public sealed class SequenceFunctions(SequenceEndpoints endpoints, SequencePreview preview)
{
    /// <summary>Stores a new version of the sequence named in the route.</summary>
    [Function(nameof(PutSequence))]
    public Task<IResult> PutSequence(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = FollowUpRoutes.Sequence)] HttpRequest req,
        string id,
        CancellationToken ct)
        => endpoints.PutAsync(req, id, ct);

    /// <summary>Reads the latest version of the sequence named in the route, or the one <c>?version=N</c> names.</summary>
    [Function(nameof(GetSequence))]
    public Task<IResult> GetSequence(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = FollowUpRoutes.Sequence)] HttpRequest req,
        string id,
        CancellationToken ct)
        => endpoints.GetAsync(req, id, ct);

    /// <summary>Plans and renders the sequence for a hypothetical contact, storing nothing.</summary>
    [Function(nameof(PreviewSequence))]
    public Task<IResult> PreviewSequence(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = FollowUpRoutes.SequencePreview)] HttpRequest req,
        string id,
        CancellationToken ct)
        => preview.PostAsync(req, id, ct);
}
