using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Sources;

/// <summary>The HTTP handlers of <c>PUT</c> and <c>GET /api/sources/{id}</c>.</summary>
public sealed class SourceEndpoints(SourceValidator validator, SourceStore store, TimeProvider time, ILogger<SourceEndpoints> logger)
{
    /// <summary>Validates and saves a source, replacing an earlier definition; answers its document.</summary>
    public async Task<IResult> PutAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (CheckId(id) is { } badId)
        {
            return badId;
        }

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

        if (!SourceStore.Fits(source))
        {
            return Problems.Validation("$", FormattableString.Invariant($"The source is too long to store: at most {SourceStore.MaxDocumentLength:N0} characters as JSON. List fewer allowedOrigins, captcha hostnames or triggers."));
        }

        await store.SaveAsync(source, cancellationToken);
        logger.LogInformation("Saved source {SourceId} ({Kind}) with {Triggers} triggers", source.Id, source.Kind, source.On.Count);
        return FollowUpJson.Result(SourceDocument.From(source));
    }

    /// <summary>Answers a source's document, or 404.</summary>
    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken) =>
        CheckId(id) ?? (await store.GetAsync(id, cancellationToken) is { } source
            ? FollowUpJson.Result(SourceDocument.From(source))
            : Problems.NotFound($"There is no source '{id}'."));

    /// <summary>Null when <paramref name="id"/> can be a source id; otherwise 400 naming the route's <c>id</c>, before it reaches storage.</summary>
    internal static IResult? CheckId(string id) => RouteId.Check("id", id, Identifiers.IsValid, "A source id: " + Identifiers.Rule);
}
