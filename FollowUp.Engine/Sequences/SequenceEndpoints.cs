using System.Globalization;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sequences;

/// <summary>The HTTP handlers of <c>/api/sequences/{id}</c>.</summary>
public sealed class SequenceEndpoints(SequenceStore store, SequenceSaver saver)
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

        var check = await saver.CheckAsync(id, body!, cancellationToken);
        if (check.Definition is null)
        {
            return Problem(check);
        }

        var (saved, moved) = await saver.SaveAsync(check.Definition, move, cancellationToken);
        return FollowUpJson.Result(new { id = saved.Id, version = saved.Version, moved });
    }

    /// <summary>The problem+json answer of a failed check: 400 naming every invalid field, or 422 naming the one that cannot work.</summary>
    private static IResult Problem(SequenceCheck check)
    {
        if (check.Status == StatusCodes.Status422UnprocessableEntity)
        {
            var (field, messages) = check.Errors.First();
            return Problems.Unprocessable(field, messages[0]);
        }

        var errors = new ValidationErrors();
        foreach (var (field, messages) in check.Errors)
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }

        return Problems.Validation(errors);
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
