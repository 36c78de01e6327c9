using System.Text.Json;
using FollowUp.Engine.Http;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Enrollments;

/// <summary>The HTTP handlers of <c>/api/enrollments</c>.</summary>
public sealed class EnrollmentEndpoints(EnrollmentService service, IdempotentEnrollments once, EnrollmentStore store, DueIndex dueIndex, TimelineStore timeline, SendPlanner planner)
{
    /// <summary>The request header that makes a POST safe to repeat.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary><c>POST /api/enrollments</c>: enrolls a contact; with an <c>Idempotency-Key</c> a repeat returns the first answer.</summary>
    /// <remarks>With a key, the created enrollment is answered as the body <see cref="IdempotentEnrollments"/> keeps for it, the same for every repeat.</remarks>
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
            return EnrollmentAnswers.For(await service.EnrollAsync(body!, cancellationToken));
        }

        var result = await once.EnrollOnceAsync(body!, key, cancellationToken);
        return result is EnrollmentResult.Created created
            ? TypedResults.Content(JsonSerializer.Serialize(created.Enrollment, FollowUpJson.Options), "application/json", statusCode: StatusCodes.Status201Created)
            : EnrollmentAnswers.For(result);
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
}
