using System.Text.Json;
using FollowUp.Engine.Http;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Enrollments;

/// <summary>The HTTP handlers of <c>/api/enrollments</c>.</summary>
public sealed class EnrollmentEndpoints(EnrollmentService service, EnrollmentStore store, DueIndex dueIndex, IdempotencyStore idempotency, TimelineStore timeline, SendPlanner planner)
{
    private const string IdempotencyScope = "enrollments";

    /// <summary>The request header that makes a POST safe to repeat.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary><c>POST /api/enrollments</c>: enrolls a contact; with an <c>Idempotency-Key</c> a repeat returns the first answer.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<EnrollmentRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var key = request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 255)
        {
            return Problems.Validation(IdempotencyHeader, "Use at most 255 characters.");
        }

        string? requestHash = null;
        if (key.Length > 0)
        {
            requestHash = IdempotencyStore.Hash(JsonSerializer.SerializeToUtf8Bytes(body, FollowUpJson.Options));
            if (await idempotency.FindAsync(IdempotencyScope, key, cancellationToken) is { } stored)
            {
                return Replay(stored, requestHash);
            }
        }

        var (created, refused) = await service.EnrollAsync(body!, cancellationToken);
        if (refused is not null || requestHash is null)
        {
            return refused ?? FollowUpJson.Result(created, StatusCodes.Status201Created);
        }

        var answer = new IdempotencyStore.StoredAnswer(
            StatusCodes.Status201Created, JsonSerializer.Serialize(created, FollowUpJson.Options), requestHash);
        return Replay(await idempotency.StoreAsync(IdempotencyScope, key, answer, cancellationToken), requestHash);
    }

    /// <summary><c>GET /api/enrollments/{id}</c>: the enrollment and the state of each step.</summary>
    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (RouteId.Check("id", id, i => EnrollmentId.TryGetContactId(i, out _), "An enrollment id, as POST /api/enrollments answered it.") is { } badId)
        {
            return badId;
        }

        var enrollment = await store.GetAsync(id, cancellationToken);
        if (enrollment is null)
        {
            return Problems.NotFound($"There is no enrollment '{id}'.");
        }

        var next = enrollment.NextStep;
        var nextIsQueued = enrollment.Status == EnrollmentStatus.Active && next is { Status: StepStatus.Pending }
            && !await dueIndex.ContainsAsync(DueEntry.For(enrollment, next), cancellationToken);
        var steps = enrollment.Steps
            .Select(s => new EnrollmentStepView(
                s.Id,
                s.Channel,
                nextIsQueued && ReferenceEquals(s, next) ? StepStatus.Queued : s.Status,
                s.DueUtc,
                s.SendUtc,
                s.SentUtc,
                s.ProviderMessageId,
                s.Detail,
                s.Delivery,
                s.DeliveryDetail,
                s.DeliveryUtc))
            .ToList();
        return FollowUpJson.Result(
            new EnrollmentView(
                enrollment.Id,
                enrollment.ContactId,
                enrollment.SequenceId,
                enrollment.SequenceVersion,
                enrollment.Status,
                enrollment.HaltReason,
                enrollment.EnrolledUtc,
                enrollment.EndedUtc,
                enrollment.Status == EnrollmentStatus.Active ? next?.Id : null,
                enrollment.Status == EnrollmentStatus.Active && next is { Status: StepStatus.Pending }
                    ? (await planner.ForAsync(enrollment, cancellationToken)).Explain(next.DueUtc, next.SendUtc, next.Channel)
                    : null,
                steps,
                await timeline.ListAsync(enrollment.Id, cancellationToken)));
    }

    private static IResult Replay(IdempotencyStore.StoredAnswer stored, string requestHash) =>
        stored.RequestHash != requestHash
            ? Problems.Unprocessable(IdempotencyHeader, "This key was used for a different request; use a new key for a new request.")
            : TypedResults.Content(stored.Body, "application/json", statusCode: stored.StatusCode);
}
