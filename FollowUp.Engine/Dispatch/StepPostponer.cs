using FollowUp.Engine.Caps;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dispatch;

/// <summary>Moves a due step later, with the steps after it, when its send window closed or the contact's message cap is reached, and records why.</summary>
public sealed class StepPostponer(
    EnrollmentStore enrollments,
    ContactCap cap,
    TimelineStore timeline,
    StepScheduler scheduler,
    StepQueue queue,
    TimeProvider time,
    IOptions<FollowUpOptions> options,
    ILogger<StepPostponer> logger)
{
    /// <summary>Moves a step that was held up until its window closed (a wait for the provider, a rate limit) to the next opening, with the steps after it, and schedules it then.</summary>
    public async Task DelayForWindowAsync(Enrollment enrollment, int index, SendSchedule schedule, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await enrollments.UpdateAsync(enrollment, e => e.DelayForWindow(index, schedule, now), cancellationToken) is not { } updated
            || updated.Enrollment.Status != EnrollmentStatus.Active || updated.Enrollment.NextStepIndex != index)
        {
            return;
        }

        var step = updated.Enrollment.Steps[index];
        if (updated.Changed)
        {
            logger.LogInformation("{StepId} of {EnrollmentId} missed its send window; it waits until {SendUtc}", step.Id, enrollment.Id, step.SendUtc);
            await timeline.AddAsync(enrollment.Id, new TimelineEvent(now, TimelineEventKind.DelayedByWindow, step.Id,
                $"Could not go before the rules closed; {schedule.ForStep(step.Id).Explain(now, step.SendUtc, step.Channel).Explanation}."), cancellationToken);
        }

        await scheduler.ScheduleAsync(DueEntry.For(updated.Enrollment, step), cancellationToken);
    }

    /// <summary>When the contact's message cap holds the step back: moves it (and the steps after it) to when the cap allows it, records why, and puts the message back on the queue until then.</summary>
    /// <returns>Whether the cap held the step back.</returns>
    /// <param name="enrollment">The enrollment, with the step at <paramref name="index"/>.</param>
    /// <param name="sentRows">The contact's cap rows, read with the enrollment.</param>
    /// <param name="index">The step's position.</param>
    /// <param name="message">The step's message, put back until the cap allows it.</param>
    /// <param name="schedule">The enrollment's send rules.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<bool> PostponeForCapAsync(Enrollment enrollment, IReadOnlyList<SentRow> sentRows, int index, StepMessage message, SendSchedule schedule, CancellationToken cancellationToken)
    {
        if (cap.WaitUntil(sentRows, enrollment.SequenceId, time.GetUtcNow()) is not { } until)
        {
            return false;
        }

        var stepId = enrollment.Steps[index].Id;
        if (await enrollments.UpdateAsync(enrollment, e => e.Postpone(index, until, schedule), cancellationToken) is { Changed: true })
        {
            var caps = options.Value.Caps;
            logger.LogInformation("{StepId} of {EnrollmentId} waits until {Until} for the contact's message cap", stepId, enrollment.Id, until);
            await timeline.AddAsync(enrollment.Id, new TimelineEvent(time.GetUtcNow(), TimelineEventKind.DelayedByCap, stepId,
                $"The contact already had {caps.MaxMessages} messages from other sequences within {caps.Window}; moved to {until:u} with the steps after it."), cancellationToken);
        }

        await queue.EnqueueAsync(message, until - time.GetUtcNow(), cancellationToken);
        return true;
    }
}
