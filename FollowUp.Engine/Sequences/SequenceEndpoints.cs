using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sequences;

/// <summary>The HTTP handlers of <c>/api/sequences/{id}</c>.</summary>
public sealed class SequenceEndpoints(SequenceStore store, SequenceValidator validator, TimeProvider time)
{
    /// <summary><c>PUT /api/sequences/{id}</c>: saves a new version and answers its id and version.</summary>
    public async Task<IResult> PutAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SequenceRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var definition = validator.Validate(id, body!, time.GetUtcNow(), errors);
        if (definition is null)
        {
            return Problems.Validation(errors);
        }

        var saved = await store.SaveAsync(definition, cancellationToken);
        return FollowUpJson.Result(new { id = saved.Id, version = saved.Version });
    }

    /// <summary><c>GET /api/sequences/{id}</c>: the latest version.</summary>
    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        var sequence = Identifiers.IsValid(id) ? await store.GetLatestAsync(id, cancellationToken) : null;
        return sequence is null
            ? Problems.NotFound($"There is no sequence '{id}'.")
            : FollowUpJson.Result(SequenceDocument.From(sequence));
    }
}
