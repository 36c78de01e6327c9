using System.Globalization;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Failures;

/// <summary>The HTTP handlers of <c>/api/failures</c>: the failed, stuck and dead-lettered steps, and their replay.</summary>
public sealed class FailureEndpoints(FailedStepStore failures, FailureReplayer replayer)
{
    /// <summary>How many entries a list answers unless <c>limit</c> says otherwise.</summary>
    public const int DefaultLimit = 100;

    /// <summary><c>GET /api/failures?limit=N</c>: the listed steps with their reason and kind, newest first, at most <c>limit</c> (1 to 1000, default 100).</summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = DefaultLimit;
        if (request.Query.TryGetValue("limit", out var given)
            && (!int.TryParse(given.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > FailureReplayer.MaxPerCall))
        {
            return Problems.Validation("limit", $"Use a whole number from 1 to {FailureReplayer.MaxPerCall}.");
        }

        return FollowUpJson.Result(new { failures = await failures.ListAsync(limit, cancellationToken) });
    }

    /// <summary><c>POST /api/failures/{enrollmentId}/{stepId}/replay</c>: puts one listed step back on schedule; 404 when it is not listed.</summary>
    public async Task<IResult> ReplayAsync(string enrollmentId, string stepId, CancellationToken cancellationToken)
    {
        if (RouteId.Check("enrollmentId", enrollmentId, i => EnrollmentId.TryGetContactId(i, out _), "An enrollment id, as POST /api/enrollments answered it.") is { } badEnrollment)
        {
            return badEnrollment;
        }

        if (RouteId.Check("stepId", stepId, Identifiers.IsValid, Identifiers.Rule) is { } badStep)
        {
            return badStep;
        }

        return await replayer.ReplayAsync(enrollmentId, stepId, cancellationToken) switch
        {
            ReplayOutcome.NotListed => Problems.NotFound($"Step '{stepId}' of enrollment '{enrollmentId}' is not on the failures list."),
            var outcome => FollowUpJson.Result(new { enrollmentId, stepId, outcome }),
        };
    }

    /// <summary><c>POST /api/failures/replay</c>: replays up to 1000 listed steps, newest first.</summary>
    public async Task<IResult> ReplayAllAsync(CancellationToken cancellationToken)
    {
        var (replayed, ended) = await replayer.ReplayAllAsync(cancellationToken);
        return FollowUpJson.Result(new { replayed, ended });
    }
}
