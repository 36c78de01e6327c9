using FollowUp.Engine.Channels;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Failures;

/// <summary>Puts listed failed steps back on schedule.</summary>
/// <remarks>
/// A replay makes the step pending again and schedules it through <see cref="StepScheduler"/>, then takes it off the list;
/// a crash in between leaves it listed, and a second replay schedules it again. Either way the send claim in Sends decides
/// at dispatch: a step that was in fact sent is recorded as sent, never sent again.
/// A dead-lettered or stuck step is one the enrollment still waits at. A step that failed for good was passed by its
/// enrollment; a replay takes it back to that step, rendered from the enrollment's current version (so a template fixed in
/// a new version is used), only while the enrollment is active and no later step has finished, so nothing goes out of order.
/// Its failed claim is removed first, since nothing was sent under it; a claim that says sent is never removed.
/// </remarks>
public sealed class FailureReplayer(EnrollmentStore enrollments, FailedStepStore failures, SendClaims claims, StepScheduler scheduler, TimelineStore timeline, TimeProvider time, ILogger<FailureReplayer> logger)
{
    /// <summary>The most steps one call of <see cref="ReplayAllAsync"/> replays.</summary>
    public const int MaxPerCall = 1000;

    /// <summary>Replays one listed step.</summary>
    public async Task<ReplayOutcome> ReplayAsync(string enrollmentId, string stepId, CancellationToken cancellationToken)
    {
        if (await failures.FindAsync(enrollmentId, stepId, cancellationToken) is not { } listed)
        {
            return ReplayOutcome.NotListed;
        }

        if (listed.Kind == FailureKind.Failed && await enrollments.GetAsync(enrollmentId, cancellationToken) is { } before && ReopenableIndex(before, stepId) >= 0
            && await claims.GetAsync(new SendKey(enrollmentId, stepId), cancellationToken) is { Status: ClaimStatus.Failed } failedClaim)
        {
            await claims.WithdrawAsync(failedClaim, cancellationToken);
        }

        var updated = await enrollments.UpdateAsync(enrollmentId, e => Reopen(e, stepId), cancellationToken);
        var outcome = ReplayOutcome.Ended;
        if (updated is ({ Status: EnrollmentStatus.Active } enrollment, var changed) && enrollment.IndexOf(stepId) is var index
            && index >= 0 && index == enrollment.NextStepIndex && enrollment.Steps[index].Status == StepStatus.Pending)
        {
            await scheduler.ScheduleAsync(DueEntry.For(enrollment, enrollment.Steps[index]), cancellationToken);
            if (changed)
            {
                await timeline.AddAsync(enrollmentId, new TimelineEvent(time.GetUtcNow(), TimelineEventKind.Replayed, stepId, listed.Kind == FailureKind.Failed
                    ? $"Replayed by an operator; it goes again as v{enrollment.SequenceVersion} of the sequence has it."
                    : "Replayed by an operator; the send claim decides whether it still goes out."), cancellationToken);
            }

            outcome = ReplayOutcome.Replayed;
        }

        await failures.RemoveAsync(enrollmentId, stepId, cancellationToken);
        logger.LogInformation("Replay of {StepId} of {EnrollmentId}: {Outcome}", stepId, enrollmentId, outcome);
        return outcome;
    }

    /// <summary>Replays up to <see cref="MaxPerCall"/> listed steps, newest first; returns how many were replayed and how many had ended.</summary>
    public async Task<(int Replayed, int Ended)> ReplayAllAsync(CancellationToken cancellationToken)
    {
        var (replayed, ended) = (0, 0);
        foreach (var failed in await failures.ListAsync(MaxPerCall, cancellationToken))
        {
            switch (await ReplayAsync(failed.EnrollmentId, failed.StepId, cancellationToken))
            {
                case ReplayOutcome.Replayed:
                    replayed++;
                    break;
                case ReplayOutcome.Ended:
                    ended++;
                    break;
            }
        }

        return (replayed, ended);
    }

    /// <summary>Makes the failed step pending and next again, if <see cref="ReopenableIndex"/> allows it.</summary>
    private static bool Reopen(Enrollment enrollment, string stepId)
    {
        var index = ReopenableIndex(enrollment, stepId);
        if (index < 0)
        {
            return false;
        }

        enrollment.Steps[index].Status = StepStatus.Pending;
        enrollment.Steps[index].Detail = null;
        enrollment.NextStepIndex = index;
        return true;
    }

    /// <summary>The index of the failed step while the enrollment is active and waits at it, or went past it (a step that failed for good) without finishing any later step; otherwise -1.</summary>
    private static int ReopenableIndex(Enrollment enrollment, string stepId)
    {
        var index = enrollment.IndexOf(stepId);
        return index >= 0 && enrollment.Status == EnrollmentStatus.Active && enrollment.Steps[index].Status == StepStatus.Failed
            && (enrollment.NextStepIndex == index || enrollment.NextStepIndex == index + 1) && !enrollment.Steps.Skip(index + 1).Any(s => s.IsFinished)
            ? index
            : -1;
    }
}
