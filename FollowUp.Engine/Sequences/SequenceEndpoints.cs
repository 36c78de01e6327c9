using System.Globalization;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sequences;

/// <summary>The HTTP handlers of <c>/api/sequences/{id}</c>.</summary>
public sealed class SequenceEndpoints(SequenceStore store, SequenceValidator validator, EnrollmentMover mover, TimeProvider time)
{
    /// <summary>The query parameter of a PUT that moves the active enrollments to the version saved.</summary>
    public const string MoveEnrollmentsParameter = "moveEnrollments";

    /// <summary><c>PUT /api/sequences/{id}</c>: saves a new version and answers its id, its version and how many enrollments moved to it.</summary>
    /// <remarks>Without <c>?moveEnrollments=true</c> every enrollment keeps the version it started with.</remarks>
    public async Task<IResult> PutAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var move = false;
        if (request.Query.TryGetValue(MoveEnrollmentsParameter, out var moveValue) && !bool.TryParse(moveValue.ToString(), out move))
        {
            return Problems.Validation(MoveEnrollmentsParameter, "Use true or false.");
        }

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

        if (!SequenceStore.Fits(definition))
        {
            return Problems.Validation("steps", FormattableString.Invariant($"The sequence is too long to store: at most {SequenceStore.MaxDefinitionLength:N0} characters as JSON, where a control character counts six and an emoji twelve."));
        }

        if (validator.FirstRenderFailure(definition) is { } failure)
        {
            return Problems.Unprocessable(failure.Field, failure.Reason);
        }

        if (await OnCompleteProblemAsync(definition, cancellationToken) is { } chainProblem)
        {
            return chainProblem;
        }

        var saved = await store.SaveAsync(definition, cancellationToken);
        var moved = move ? await mover.MoveAllAsync(saved, cancellationToken) : 0;
        return FollowUpJson.Result(new { id = saved.Id, version = saved.Version, moved });
    }

    /// <summary>Follows the <c>onComplete</c> chain from <paramref name="definition"/>: a problem when its first sequence does not exist or the chain comes back to it.</summary>
    /// <remarks>A missing sequence further along is not this request's fault; enrolling into it is refused, and recorded, when it happens.</remarks>
    private async Task<IResult?> OnCompleteProblemAsync(Sequence definition, CancellationToken cancellationToken)
    {
        var chain = new List<string> { definition.Id };
        for (var next = definition.OnCompleteEnroll; next is not null;)
        {
            chain.Add(next);
            if (next == definition.Id || chain.Count > SequenceValidator.MaxChainLength)
            {
                return Problems.Unprocessable("onComplete.enroll", $"The chain {string.Join(" → ", chain)} leads back to '{definition.Id}', so a contact would go round it for ever.");
            }

            var sequence = await store.GetLatestAsync(next, cancellationToken);
            if (sequence is null && chain.Count == 2)
            {
                return Problems.Unprocessable("onComplete.enroll", $"There is no sequence '{next}'; save it first.");
            }

            next = sequence?.OnCompleteEnroll;
        }

        return null;
    }

    /// <summary>The query parameter of a GET that asks for one version rather than the latest.</summary>
    public const string VersionParameter = "version";

    /// <summary>Null for a well-formed sequence id in a route, else 400 naming <c>id</c>.</summary>
    internal static IResult? CheckId(string id) => RouteId.Check("id", id, Identifiers.IsValid, "A sequence id: " + Identifiers.Rule);

    /// <summary><c>GET /api/sequences/{id}</c>: the latest version, or the one <c>?version=N</c> names (as an enrollment's <c>sequenceVersion</c> does).</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (CheckId(id) is { } badId)
        {
            return badId;
        }

        int? version = null;
        if (request.Query.TryGetValue(VersionParameter, out var value))
        {
            if (!int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return Problems.Validation(VersionParameter, "Use a version number: 1 or more.");
            }

            version = number;
        }

        var sequence = version is null ? await store.GetLatestAsync(id, cancellationToken)
            : await store.FindAsync(id, version.Value, cancellationToken);
        return sequence is null
            ? Problems.NotFound(version is null ? $"There is no sequence '{id}'." : $"Sequence '{id}' has no version {version}.")
            : FollowUpJson.Result(SequenceDocument.From(sequence));
    }
}
