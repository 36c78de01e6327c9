using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Sources;

/// <summary>The HTTP handlers of <c>PUT</c> and <c>GET /api/sources/{id}</c>.</summary>
public sealed class SourceEndpoints(SourceValidator validator, SourceStore store, TimeProvider time, ILogger<SourceEndpoints> logger)
{
    /// <summary>Validates and saves a source, replacing an earlier definition; answers its document.</summary>
    public async Task<IResult> PutAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SourceRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var source = await validator.ValidateAsync(id, body!, time.GetUtcNow(), errors, cancellationToken);
        if (source is null)
        {
            return Problems.Validation(errors);
        }

        await store.SaveAsync(source, cancellationToken);
        logger.LogInformation("Saved source {SourceId} ({Kind}) with {Triggers} triggers", source.Id, source.Kind, source.On.Count);
        return FollowUpJson.Result(SourceDocument.From(source));
    }

    /// <summary>Answers a source's document, or 404.</summary>
    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } source
            ? FollowUpJson.Result(SourceDocument.From(source))
            : Problems.NotFound($"There is no source '{id}'.");
}
