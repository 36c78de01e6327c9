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
    /// <remarks>
    /// With a key, the enrollment id is reserved under the key (with the request's hash) before the enrollment is stored, and
    /// the answer is kept once it is. A repeat that finds only the reservation, because the first request crashed or is
    /// still running, answers from the enrollment stored under the reserved id, or enrolls under that id if there is none.
    /// </remarks>
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

        if (key.Length == 0)
        {
            var (created, refused) = await service.EnrollAsync(body!, cancellationToken);
            return refused ?? FollowUpJson.Result(created, StatusCodes.Status201Created);
        }

        return await EnrollOnceAsync(body!, key, cancellationToken);
    }

    /// <summary>Enrolls as <c>POST /api/enrollments</c> does with an <c>Idempotency-Key</c> of <paramref name="key"/>: a repeat of the same request answers the first answer (201 with <see cref="EnrollmentCreated"/>), and a refused request stores nothing.</summary>
    /// <remarks>The dashboard's form to enroll by hand carries a key of its own, so a double submit enrolls once.</remarks>
    public async Task<IResult> EnrollOnceAsync(EnrollmentRequest body, string key, CancellationToken cancellationToken)
    {
        var requestHash = IdempotencyStore.Hash(JsonSerializer.SerializeToUtf8Bytes(body, FollowUpJson.Options));
        var record = await idempotency.FindAsync(IdempotencyScope, key, cancellationToken);
        if (record is not null && (record.IsAnswered || record.RequestHash != requestHash))
        {
            return Replay(record, requestHash);
        }

        if (record is not null && await service.FindCreatedAsync(record.EnrollmentId, cancellationToken) is { } stored)
        {
            return await AnswerAsync(key, record, stored, cancellationToken);
        }

        async Task<string> ReserveAsync(string contactId, CancellationToken ct)
        {
            record ??= await idempotency.ReserveAsync(IdempotencyScope, key, new IdempotencyRecord(requestHash, EnrollmentId.Create(contactId)), ct);
            if (record.RequestHash != requestHash || !EnrollmentId.TryGetContactId(record.EnrollmentId, out var owner) || owner != contactId)
            {
                // Reserved meanwhile by a different request, or for a contact since replaced: this request keeps its own id.
                record = new IdempotencyRecord(requestHash, EnrollmentId.Create(contactId));
            }

            return record.EnrollmentId;
        }

        var (enrolled, refusal) = await service.EnrollAsync(body, ReserveAsync, cancellationToken);
        if (enrolled is not null)
        {
            return await AnswerAsync(key, record!, enrolled, cancellationToken);
        }

        // A repeat that raced its first request finds the reserved enrollment stored: answer it; otherwise nothing was stored.
        if (record is not null && await service.FindCreatedAsync(record.EnrollmentId, cancellationToken) is { } raced)
        {
            return await AnswerAsync(key, record, raced, cancellationToken);
        }

        if (record is not null)
        {
            await idempotency.ReleaseAsync(IdempotencyScope, key, record, cancellationToken);
        }

        return refusal!;
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
                s.DeliveryUtc,
                s.Variant))
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
                    ? (await planner.ForAsync(enrollment, cancellationToken)).ForStep(next.Id).Explain(next.DueUtc, next.SendUtc, next.Channel)
                    : null,
                steps,
                await timeline.ListAsync(enrollment.Id, cancellationToken)));
    }

    private async Task<IResult> AnswerAsync(string key, IdempotencyRecord record, EnrollmentCreated created, CancellationToken cancellationToken)
    {
        var answered = record with { StatusCode = StatusCodes.Status201Created, Body = JsonSerializer.Serialize(created, FollowUpJson.Options) };
        return Replay(await idempotency.AnswerAsync(IdempotencyScope, key, answered, cancellationToken), record.RequestHash);
    }

    private static IResult Replay(IdempotencyRecord stored, string requestHash) =>
        stored.RequestHash != requestHash
            ? Problems.Unprocessable(IdempotencyHeader, "This key was used for a different request; use a new key for a new request.")
            : TypedResults.Content(stored.Body, "application/json", statusCode: stored.StatusCode!.Value);
}
