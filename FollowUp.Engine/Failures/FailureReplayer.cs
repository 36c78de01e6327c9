using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Failures;

/// <summary>Puts dead-lettered steps back on schedule.</summary>
/// <remarks>
/// A replay makes the step pending again and schedules it through <see cref="StepScheduler"/>, then takes it off the list;
/// a crash in between leaves it listed, and a second replay schedules it again. Either way the send claim in Sends decides
/// at dispatch: a step that was in fact sent is recorded as sent, never sent again.
/// </remarks>
public sealed class FailureReplayer(EnrollmentStore enrollments, FailedStepStore failures, StepScheduler scheduler, TimelineStore timeline, TimeProvider time, ILogger<FailureReplayer> logger)
{
    /// <summary>The most steps one call of <see cref="ReplayAllAsync"/> replays.</summary>
    public const int MaxPerCall = 1000;

    /// <summary>Replays one listed step.</summary>
    public async Task<ReplayOutcome> ReplayAsync(string enrollmentId, string stepId, CancellationToken cancellationToken)
    {
        if (await failures.FindAsync(enrollmentId, stepId, cancellationToken) is null)
        {
            return ReplayOutcome.NotListed;
        }

        var updated = await enrollments.UpdateAsync(enrollmentId, e => Reopen(e, stepId), cancellationToken);
        var outcome = ReplayOutcome.Ended;
        if (updated is ({ Status: EnrollmentStatus.Active } enrollment, var changed) && enrollment.IndexOf(stepId) is var index
            && index >= 0 && index == enrollment.NextStepIndex && enrollment.Steps[index].Status == StepStatus.Pending)
        {
            await scheduler.ScheduleAsync(DueEntry.For(enrollment, enrollment.Steps[index]), cancellationToken);
            if (changed)
            {
                await timeline.AddAsync(enrollmentId, new TimelineEvent(time.GetUtcNow(), TimelineEventKind.Replayed, stepId, "Replayed by an operator; the send claim decides whether it still goes out."), cancellationToken);
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

    /// <summary>Makes the dead-lettered step pending again while the enrollment still waits at it.</summary>
    private static bool Reopen(Enrollment enrollment, string stepId)
    {
        var index = enrollment.IndexOf(stepId);
        if (index < 0 || enrollment.Status != EnrollmentStatus.Active || enrollment.NextStepIndex != index
            || enrollment.Steps[index] is not { Status: StepStatus.Failed, Detail: { } detail } step
            || !detail.StartsWith(DeadLetterHandler.DeadLetterPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        step.Status = StepStatus.Pending;
        step.Detail = null;
        return true;
    }
}
