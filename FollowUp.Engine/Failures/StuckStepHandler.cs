using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Failures;

/// <summary>Gives up on a step the sweep put back on the schedule as often as it may: marks it failed, on its timeline and in the failures list.</summary>
/// <remarks>
/// The step is listed before it is marked, so a crash in between leaves it pending and overdue, and the next sweep gives up
/// on it again without listing it twice. As with a dead letter, the enrollment stays at the step and a replay picks up from there.
/// </remarks>
public sealed class StuckStepHandler(EnrollmentStore enrollments, FailedStepStore failures, TimelineStore timeline, TimeProvider time, ILogger<StuckStepHandler> logger)
{
    /// <summary>Marks the step of <paramref name="entry"/> failed while it is still the enrollment's pending next step; false when it no longer is.</summary>
    /// <param name="enrollment">The enrollment as the sweep read it.</param>
    /// <param name="entry">The stuck step.</param>
    /// <param name="reschedules">How often the sweep had put it back.</param>
    /// <param name="cancellationToken">Cancels the work; the next sweep repeats it.</param>
    public async Task<bool> GiveUpAsync(Enrollment enrollment, DueEntry entry, int reschedules, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reason = $"Stuck: the sweep put it back on the schedule {reschedules} times since {entry.DueUtc:u} and nothing sent it; it waits for a replay.";
        await failures.AddAsync(new FailedStep(entry.EnrollmentId, entry.StepId, now, 0, reason, FailureKind.Stuck), cancellationToken);
        var updated = await enrollments.UpdateAsync(enrollment, e => MarkFailed(e, entry, reason), cancellationToken);
        var index = updated?.Enrollment.IndexOf(entry.StepId) ?? -1;
        if (updated is not ({ } stored, var changed) || index < 0 || stored.NextStepIndex != index || stored.Steps[index].Status != StepStatus.Failed)
        {
            // The step moved on (sent, halted) since the sweep read it: it is not stuck after all.
            await failures.RemoveAsync(entry.EnrollmentId, entry.StepId, cancellationToken);
            return false;
        }

        if (changed)
        {
            await timeline.AddAsync(entry.EnrollmentId, new TimelineEvent(now, TimelineEventKind.Failed, entry.StepId, reason), cancellationToken);
        }

        logger.LogError("{StepId} of {EnrollmentId} stuck again after {Reschedules} reschedules by the sweep; marked failed, it waits for a replay",
            entry.StepId, entry.EnrollmentId, reschedules);
        return true;
    }

    /// <summary>Marks the step failed while it is the enrollment's pending next step of the same version; the enrollment stays at it.</summary>
    private static bool MarkFailed(Enrollment enrollment, DueEntry entry, string reason)
    {
        var index = enrollment.IndexOf(entry.StepId);
        if (index < 0 || enrollment.SequenceVersion != entry.SequenceVersion || enrollment.Status != EnrollmentStatus.Active
            || enrollment.NextStepIndex != index || enrollment.Steps[index].Status != StepStatus.Pending)
        {
            return false;
        }

        enrollment.Steps[index].Status = StepStatus.Failed;
        enrollment.Steps[index].Detail = reason;
        return true;
    }
}
