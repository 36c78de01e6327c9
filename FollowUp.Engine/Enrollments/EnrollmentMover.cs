using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Enrollments;

/// <summary>Moves the active enrollments of a sequence to its latest version (<c>PUT /api/sequences/{id}?moveEnrollments=true</c>).</summary>
/// <remarks>
/// The active enrollments are found through the active rows of <see cref="EnrollmentsByStatus"/> (and the rows of
/// <see cref="SequenceEnrollments"/> older versions wrote), one partition each, never by reading every enrollment. For each one the new next step's due-index row is written before the moved enrollment is stored, and the
/// old next step's row is removed only after, so a crash at any point leaves the enrollment scheduled: a row of the
/// version it does not follow only makes a message the dispatcher drops. A message of the old version already on the
/// queue is dropped the same way, and a send that raced the move is recorded on its step by id, or nowhere if the
/// new version removed it; the send claim, keyed by step id, keeps any step from going out twice.
/// </remarks>
public sealed class EnrollmentMover(
    SequenceEnrollments sequenceEnrollments,
    EnrollmentsByStatus byStatus,
    EnrollmentStore enrollments,
    DueIndex dueIndex,
    StepScheduler scheduler,
    EnrollmentChainer chainer,
    SendPlanner planner,
    TimelineStore timeline,
    TimeProvider time,
    ILogger<EnrollmentMover> logger)
{
    /// <summary>Moves every active enrollment of <paramref name="latest"/>'s sequence on an older version to it; returns how many moved.</summary>
    public async Task<int> MoveAllAsync(Sequence latest, CancellationToken cancellationToken)
    {
        var moved = 0;
        var listed = await byStatus.ListActiveAsync(latest.Id, cancellationToken);
        foreach (var enrollmentId in listed.Union(await sequenceEnrollments.ListAsync(latest.Id, cancellationToken), StringComparer.Ordinal))
        {
            if (await MoveAsync(enrollmentId, latest, cancellationToken))
            {
                moved++;
            }
        }

        logger.LogInformation("Moved {Count} enrollments of {SequenceId} to v{Version}", moved, latest.Id, latest.Version);
        return moved;
    }

    private async Task<bool> MoveAsync(string enrollmentId, Sequence latest, CancellationToken cancellationToken)
    {
        var planned = await enrollments.GetAsync(enrollmentId, cancellationToken);
        if (planned is null)
        {
            // Being created right now (its row is written first), or left by a crash before it was: harmless either way.
            return false;
        }

        if (planned.Status != EnrollmentStatus.Active)
        {
            // An ended enrollment whose rows were not moved or removed (a crash, or a version before EnrollmentsByStatus).
            await byStatus.MoveAsync(planned, cancellationToken);
            await sequenceEnrollments.RemoveAsync(latest.Id, enrollmentId, cancellationToken);
            return false;
        }

        var now = time.GetUtcNow();
        var schedule = planner.For(latest, planned.ContactTimeZone, enrollmentId);
        var oldNext = NextEntry(planned);
        var oldVersion = planned.SequenceVersion;
        if (!planned.MoveTo(latest, schedule, now))
        {
            return false;
        }

        var plannedNext = NextEntry(planned);
        if (plannedNext is not null)
        {
            await dueIndex.AddAsync(plannedNext, cancellationToken);
        }

        var result = await enrollments.UpdateAsync(
            planned,
            e =>
            {
                // The enrollment as read is moved already; one that a concurrent write made UpdateAsync read again is moved here.
                if (ReferenceEquals(e, planned))
                {
                    return true;
                }

                oldNext = NextEntry(e);
                oldVersion = e.SequenceVersion;
                return e.MoveTo(latest, schedule, now);
            },
            cancellationToken);
        // As stored now, whoever moved it: another mover may have stored this very plan, and then its row must stay.
        var next = result is { } stored ? NextEntry(stored.Enrollment) : null;
        if (plannedNext is not null && plannedNext != next)
        {
            // The enrollment changed between the plan and the move (a step was sent, it was halted): drop the planned row.
            await dueIndex.RemoveAsync(plannedNext, cancellationToken);
        }

        if (result is not { Changed: true, Enrollment: var enrollment })
        {
            return false;
        }

        if (next is not null)
        {
            await scheduler.ScheduleAsync(next, cancellationToken);
        }

        if (oldNext is not null)
        {
            await dueIndex.RemoveAsync(oldNext, cancellationToken);
        }

        await RecordAsync(enrollment, oldVersion, next, now, cancellationToken);
        return true;
    }

    private async Task RecordAsync(Enrollment enrollment, int oldVersion, DueEntry? next, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var detail = next is null
            ? $"From v{oldVersion} to v{enrollment.SequenceVersion}; no step is left."
            : $"From v{oldVersion} to v{enrollment.SequenceVersion}; next step {next.StepId} due {enrollment.NextStep!.DueUtc:u}, to be sent {next.DueUtc:u}.";
        List<TimelineEvent> events = [new TimelineEvent(now, TimelineEventKind.Moved, null, detail)];
        if (enrollment.Status == EnrollmentStatus.Completed)
        {
            events.Add(new TimelineEvent(now, TimelineEventKind.Completed, null, "Every step is done."));
        }

        await timeline.AddAsync(enrollment.Id, events, cancellationToken);
        logger.LogInformation("Moved {EnrollmentId} from v{OldVersion} to v{Version}", enrollment.Id, oldVersion, enrollment.SequenceVersion);
        if (enrollment.Status == EnrollmentStatus.Completed)
        {
            await chainer.ChainAsync(enrollment, cancellationToken);
        }
    }

    private static DueEntry? NextEntry(Enrollment enrollment) =>
        enrollment is { Status: EnrollmentStatus.Active, NextStep: { Status: StepStatus.Pending } step }
            ? DueEntry.For(enrollment, step)
            : null;
}
