using FollowUp.Engine.Contacts;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Enrollments;

/// <summary>Acts on a sequence's <c>onComplete</c>: enrolls the contact of a completed enrollment into the next sequence, with the same data.</summary>
/// <remarks>
/// It runs wherever a completion may have been recorded, a repeated queue message included, so it must be safe to repeat.
/// The new enrollment's id is derived from the completed one's, so a second attempt after a crash finds the enrollment the
/// first stored instead of storing another; once acted on, the completed enrollment records so and later calls do nothing.
/// A refusal by the next sequence's reenroll policy is an outcome like any other: recorded, never retried.
/// </remarks>
public sealed class EnrollmentChainer(
    SequenceStore sequences,
    EnrollmentStore enrollments,
    ContactStore contacts,
    EnrollmentService service,
    TimeProvider time,
    ILogger<EnrollmentChainer> logger)
{
    /// <summary>Enrolls the contact into the <c>onComplete</c> sequence if <paramref name="enrollment"/> completed and that was not done yet.</summary>
    public async Task ChainAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        if (enrollment.Status != EnrollmentStatus.Completed || enrollment.ChainedUtc is not null)
        {
            return;
        }

        var sequence = await sequences.GetAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
        if (sequence.OnCompleteEnroll is not { } nextId)
        {
            return;
        }

        var detail = await EnrollNextAsync(enrollment, nextId, cancellationToken);
        // At least a tick after the completion, which the completed event carries, so that the timeline (ordered by time) shows it after that event.
        var now = time.GetUtcNow();
        var at = enrollment.EndedUtc is { } ended && ended.AddTicks(1) > now ? ended.AddTicks(1) : now;
        await enrollments.UpdateAsync(enrollment.Id, e => e.MarkChained(at), cancellationToken, _ => [new TimelineEvent(at, TimelineEventKind.Chained, null, detail)]);
    }

    /// <summary>Enrolls the contact into <paramref name="nextId"/> unless an earlier attempt did; returns what happened, for the timeline.</summary>
    private async Task<string> EnrollNextAsync(Enrollment completed, string nextId, CancellationToken cancellationToken)
    {
        var chainedId = EnrollmentId.Derive(completed.ContactId, completed.Id);
        if (await enrollments.GetAsync(chainedId, cancellationToken) is not null)
        {
            return $"Enrolled into {nextId} as {chainedId}.";
        }

        var next = await sequences.GetLatestAsync(nextId, cancellationToken);
        var contact = await contacts.GetAsync(completed.ContactId, cancellationToken);
        if (next is null || contact is null)
        {
            logger.LogWarning("Not chaining {EnrollmentId} into {SequenceId}: the {Missing} no longer exists", completed.Id, nextId, next is null ? "sequence" : "contact");
            return next is null ? $"Not enrolled into {nextId}: the sequence does not exist." : $"Not enrolled into {nextId}: the contact does not exist.";
        }

        var result = await service.EnrollAsync(next, contact, completed.Data, chainedId, cancellationToken);
        var refusal = result switch
        {
            EnrollmentResult.Created => null,
            EnrollmentResult.AlreadyEnrolled enrolled when enrolled.EnrollmentId == chainedId => null,
            EnrollmentResult.AlreadyEnrolled enrolled => enrolled.Detail,
            EnrollmentResult.ContactBeingErased => EnrollmentResult.ContactBeingErased.Detail,
            _ => throw new InvalidOperationException($"Enrolling a stored contact into a stored sequence gave {result.GetType().Name}."),
        };
        if (refusal is null)
        {
            logger.LogInformation("Chained {EnrollmentId} into {SequenceId} as {ChainedId}", completed.Id, nextId, chainedId);
            return $"Enrolled into {nextId} as {chainedId}.";
        }

        logger.LogInformation("Not chaining {EnrollmentId} into {SequenceId}: {Reason}", completed.Id, nextId, refusal);
        return $"Not enrolled into {nextId}: {refusal}";
    }
}
