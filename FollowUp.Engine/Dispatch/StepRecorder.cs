using FollowUp.Engine.Caps;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Dispatch;

/// <summary>Records how a step's send ended, everywhere it shows, and schedules what comes next.</summary>
/// <remarks>
/// Every write is safe to repeat, so a crash anywhere is mended by the message's redelivery (or the sweep): the failures
/// list is keyed by the step, the enrollment records an outcome once, and scheduling the next step twice finds the same
/// row. The step's timeline event (and the completion with it) and the cap's row of a send are written in the one
/// transaction that records the outcome on the enrollment, so they exist exactly when it does, and before the next step
/// (or a chained sequence's first) is scheduled, so that step's cap check counts this send.
/// </remarks>
public sealed class StepRecorder(
    EnrollmentStore enrollments,
    FailedStepStore failures,
    DeliveryTracking delivery,
    EnrollmentChainer chainer,
    StepScheduler scheduler,
    StepFigures figures,
    TimeProvider time,
    ILogger<StepRecorder> logger)
{
    /// <summary>Records the ended claim's outcome on the enrollment (as read before the send), schedules the next step, and follows a tracked delivery.</summary>
    /// <param name="enrollment">The enrollment, with the claim's step in it.</param>
    /// <param name="claim">A claim whose send ended (sent, failed or skipped); a claim still sending records nothing.</param>
    /// <param name="cancellationToken">Cancels the work; repeating it records nothing twice.</param>
    /// <remarks>
    /// The step is found by id, since a move to another version may have put it elsewhere, or removed it, since the enrollment was read.
    /// A step that failed for good goes on the failures list before the enrollment moves past it, so a crash in between cannot leave it off.
    /// </remarks>
    public async Task RecordAsync(Enrollment enrollment, SendClaim claim, CancellationToken cancellationToken)
    {
        var stepId = claim.Key.StepId;
        var index = enrollment.IndexOf(stepId);
        if (index < 0 || claim.Status == ClaimStatus.Sending)
        {
            return;
        }

        var step = enrollment.Steps[index];
        var scheduled = DueEntry.For(enrollment, step);
        var at = claim.CompletedUtc ?? time.GetUtcNow();
        var status = claim.Status switch
        {
            ClaimStatus.Sent => StepStatus.Sent,
            ClaimStatus.Failed => StepStatus.Failed,
            _ => StepStatus.Skipped,
        };
        if (status == StepStatus.Failed)
        {
            await failures.AddAsync(new FailedStep(enrollment.Id, stepId, at, 0, claim.Detail ?? "The send failed.", FailureKind.Failed), cancellationToken);
        }

        // The step's timeline events and, for a send, the cap's row go in the enrollment's own transaction.
        if (await enrollments.UpdateAsync(
                enrollment,
                e => e.RecordOutcome(stepId, status, at, claim.ProviderMessageId, claim.Detail),
                cancellationToken,
                e => e.IndexOf(stepId) is var changed and >= 0 ? TimelineEventsOf(e, changed, at) : [],
                e => status == StepStatus.Sent ? [SentRow.For(e.ContactId, e.SequenceId, e.Id, stepId, at)] : []) is not { } result)
        {
            return;
        }

        index = result.Enrollment.IndexOf(stepId);
        if (index < 0)
        {
            logger.LogWarning("{StepId} of {EnrollmentId} ended {Status}, but a move to v{Version} removed the step; not recorded",
                stepId, enrollment.Id, status, result.Enrollment.SequenceVersion);
            return;
        }

        if (result.Changed && status == StepStatus.Sent && delivery.IsTracked(step.Channel))
        {
            await delivery.ScheduleCheckAsync(new StepMessage(enrollment.Id, stepId, enrollment.SequenceVersion), cancellationToken);
        }

        await ScheduleNextAsync(result.Enrollment, index, cancellationToken);
        await scheduler.ForgetAsync(scheduled, cancellationToken);
    }

    /// <summary>For a step that is not sent now (it ended already, or the enrollment stopped or moved on): finishes what a crash may have left undone, and schedules the next step if it is due to be.</summary>
    public Task EnsureNextAsync(Enrollment enrollment, int index, CancellationToken cancellationToken) =>
        ScheduleNextAsync(enrollment, index, cancellationToken);

    /// <summary>The step's outcome event, and the completion when it was the last step, in the order they are shown.</summary>
    private static List<TimelineEvent> TimelineEventsOf(Enrollment enrollment, int index, DateTimeOffset at)
    {
        var step = enrollment.Steps[index];
        var kind = step.Status switch
        {
            StepStatus.Sent => TimelineEventKind.Sent,
            StepStatus.Failed => TimelineEventKind.Failed,
            _ => TimelineEventKind.Skipped,
        };
        var detail = step.Status == StepStatus.Sent
            ? $"By {step.Channel}{(step.Variant is { } variant ? $" as variant {variant}" : "")}, {step.ProviderMessageId}."
            : step.Detail;
        List<TimelineEvent> events = [new TimelineEvent(at, kind, step.Id, detail) { Variant = step.Variant }];
        if (enrollment.Status == EnrollmentStatus.Completed && enrollment.NextStep is null && index == enrollment.Steps.Count - 1)
        {
            events.Add(new TimelineEvent(at, TimelineEventKind.Completed, null, "Every step is done."));
        }

        return events;
    }

    /// <summary>Counts the step's outcome in the report, and schedules the step after <paramref name="index"/> if it is next and not yet done, or acts on a completion; repeating this is harmless.</summary>
    private async Task ScheduleNextAsync(Enrollment enrollment, int index, CancellationToken cancellationToken)
    {
        await figures.CountStepAsync(enrollment, index, cancellationToken);
        await chainer.ChainAsync(enrollment, cancellationToken);
        if (enrollment.Status == EnrollmentStatus.Active && enrollment.NextStepIndex == index + 1
            && enrollment.NextStep is { Status: StepStatus.Pending } next)
        {
            await scheduler.ScheduleAsync(DueEntry.For(enrollment, next), cancellationToken);
        }
    }
}
